using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI.Tests;

/// <summary>A chat client that counts its calls and answers with a numbered text (optionally after a gate).</summary>
internal sealed class CountingChatClient : IChatClient
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public ChatFinishReason FinishReason { get; set; } = ChatFinishReason.Stop;

    public bool AnswerWithToolCall { get; set; }

    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, every call fails with it (the provider is down).</summary>
    public Exception? Failure { get; set; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        int n = Interlocked.Increment(ref _calls);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        ChatMessage answer = AnswerWithToolCall
            ? new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "lookup", new Dictionary<string, object?> { ["q"] = "x" })])
            : new ChatMessage(ChatRole.Assistant, $"answer {n}");
        return new ChatResponse(answer) { FinishReason = FinishReason, ModelId = options?.ModelId ?? "fake-model", ResponseId = $"resp-{n}" };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int n = Interlocked.Increment(ref _calls);
        foreach (string piece in new[] { "answer ", "in ", $"pieces {n}" })
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece) { ResponseId = $"resp-{n}" };
        }

        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop, ResponseId = $"resp-{n}" };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("fake", null, "fake-model") : null;

    public void Dispose()
    {
    }
}

/// <summary>An embedding generator that records each batch it is asked for.</summary>
internal sealed class RecordingEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public List<string[]> Batches { get; } = [];

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        string[] batch = [.. values];
        Batches.Add(batch);
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(batch.Select(v => new Embedding<float>(Vector(v)))));
    }

    public static float[] Vector(string input) => [input.Length, input.GetHashCode(StringComparison.Ordinal) % 1000, 0.5f];

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("fake", null, "fake-embedder") : null;

    public void Dispose()
    {
    }
}
