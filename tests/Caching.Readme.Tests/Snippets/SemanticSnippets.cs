using System.Threading;
using System.Threading.Tasks;
using Caching.Semantic.Onnx;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Caching.Readme.Tests.Snippets;

#region readme:semantic-attribute
public interface IAskingProvider
{
    [CachedCompletion(Semantic = true)]
    Task<string> AskAsync(string model, string systemPrompt, [SemanticText] string question, CancellationToken cancellationToken = default);
}
#endregion

public static class SemanticSnippets
{
    public static CacheConfig Configure(IConfiguration configuration)
    {
        #region readme:semantic-config
        CacheConfig config = CacheConfig.FromConfiguration(configuration).UseLocalSemanticModel();   // Caching.Semantic.Onnx
        #endregion
        return config;
    }

    public static IChatClient Build(IChatClient inner, ServiceProvider services)
    {
        #region readme:semantic-meai
        IChatClient client = inner.AsBuilder()
            .UseCaching(options => options.Semantic = true)
            .Build(services);
        #endregion
        return client;
    }
}
