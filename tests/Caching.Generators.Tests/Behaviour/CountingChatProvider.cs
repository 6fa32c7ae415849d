using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Generators.Tests.Behaviour;

/// <summary>A provider that answers deterministically and counts its calls.</summary>
internal sealed class CountingChatProvider : IChatProvider
{
    private int _completions;
    private int _embeddings;
    private int _images;
    private int _listings;

    public int Completions => _completions;

    public int Embeddings => _embeddings;

    public int Images => _images;

    public int Listings => _listings;

    public Exception? FailWith { get; set; }

    public Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        int call = Interlocked.Increment(ref _completions);
        return FailWith is { } error
            ? Task.FromException<ChatResponse>(error)
            : Task.FromResult(new ChatResponse($"chatcmpl-{call}", $"answer {call} to {request.Messages.Count} messages"));
    }

    public ValueTask<float[]> EmbedAsync(string model, string input, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _embeddings);
        return new ValueTask<float[]>([input.Length, 1f, 2f]);
    }

    public Task<ImageResult> GenerateImageAsync(string model, string prompt, int width, int height, string tenant, CancellationToken cancellationToken = default)
    {
        int call = Interlocked.Increment(ref _images);
        return Task.FromResult(new ImageResult($"https://images.example/{tenant}/{call}.png"));
    }

    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _listings);
        return Task.FromResult<IReadOnlyList<string>>(["gpt-4o"]);
    }
}
