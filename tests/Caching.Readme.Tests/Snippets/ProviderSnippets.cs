using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Caching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Caching.Readme.Tests.Snippets;

#region readme:provider-interface
public interface ILlmProvider
{
    [CachedCompletion(Ttl = "10m", StaleIfError = "1d")]
    Task<ChatCompletionResponse> CompleteAsync(ChatCompletionRequest request, CancellationToken cancellationToken = default);

    [CachedEmbedding]
    Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken = default);

    [CachedImage]
    Task<ImageResponse> GenerateImageAsync(string model, string prompt, [CacheScope] string tenant, CancellationToken cancellationToken = default);
}
#endregion

public sealed record ChatMessage(string Role, string Content);

public sealed record ChatCompletionRequest(string Model, IReadOnlyList<ChatMessage> Messages, double? Temperature = null);

public sealed record ChatCompletionResponse(string Id, string Content);

public sealed record EmbeddingRequest(string Model, string Input);

public sealed record EmbeddingResponse(float[] Vector);

public sealed record ImageResponse(Uri Url);

/// <summary>The provider the README registers: answers from nowhere, counting its calls.</summary>
public sealed class MyProvider : ILlmProvider
{
    public int Calls { get; private set; }

    public Task<ChatCompletionResponse> CompleteAsync(ChatCompletionRequest request, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(new ChatCompletionResponse("chatcmpl-" + Calls, "You said: " + request.Messages[^1].Content));
    }

    public Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(new EmbeddingResponse([request.Input.Length]));

    public Task<ImageResponse> GenerateImageAsync(string model, string prompt, string tenant, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ImageResponse(new Uri("https://images.invalid/" + tenant)));
}

public static class ProviderRegistration
{
    public static IServiceCollection Register(IServiceCollection services, IConfiguration configuration)
    {
        #region readme:provider-registration
        services.AddCaching(configuration);           // ICacheManager from the "Cache" section
        services.AddSingleton<ILlmProvider, MyProvider>();
        services.AddCachedLlmProvider();              // generated: wraps the registration in CachedLlmProvider
        #endregion
        return services;
    }
}
