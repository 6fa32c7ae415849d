using System.Text.Json.Serialization;
using Caching;

namespace Caching.Readme.Tests.Snippets;

#region readme:aot-context
[JsonSerializable(typeof(ChatCompletionResponse))]   // every type the cache stores
internal sealed partial class GatewayJsonContext : JsonSerializerContext { }
#endregion

public static class AotSnippets
{
    public static CacheConfig Configure(CacheConfig cacheConfig)
    {
        #region readme:aot-options
        cacheConfig.JsonSerializerOptions = GatewayJsonContext.Default.Options;
        #endregion
        return cacheConfig;
    }
}
