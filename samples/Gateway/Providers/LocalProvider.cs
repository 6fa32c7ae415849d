using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Contracts;
using Gateway.Hosting;

namespace Gateway.Providers;

/// <summary>
/// A deterministic provider that needs no network and no keys: the default, so the gateway runs on a fresh machine.
/// It waits the configured latency to stand in for a real provider, so a cache hit is visibly faster.
/// </summary>
public sealed class LocalProvider(GatewayOptions options, TimeProvider time) : ILlmProvider
{
    private int _calls;

    /// <summary>How many times it was asked (tests and the console use it to show what the cache saved).</summary>
    public int Calls => _calls;

    /// <summary>How many pieces a streamed answer is cut into (plus a role chunk, a finish chunk and a usage chunk).</summary>
    public const int StreamPieces = 5;

    /// <summary>The length of its vectors when a request names no dimensions.</summary>
    public const int DefaultDimensions = 8;

    public async Task<ChatCompletionResponse> CompleteAsync(ChatCompletionRequest request, string? scope = null, CancellationToken cancellationToken = default)
    {
        await SimulateLatencyAsync(cancellationToken);
        (string id, string answer, Usage usage) = Answer(request);
        return new ChatCompletionResponse
        {
            Id = id,
            Created = time.GetUtcNow().ToUnixTimeSeconds(),
            Model = request.Model ?? "",
            Choices = [new ChatChoice { Index = 0, Message = new ChatResponseMessage { Role = "assistant", Content = JsonSerializer.SerializeToElement(answer, GatewayJson.Info<string>()) }, FinishReason = "stop" }],
            Usage = usage,
        };
    }

    /// <summary>The same deterministic answer, streamed in <see cref="StreamPieces"/> pieces with the latency spread over them.</summary>
    public async IAsyncEnumerable<ChatCompletionChunk> CompleteStreamingAsync(ChatCompletionRequest request, string? scope = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        (string id, string answer, Usage usage) = Answer(request);
        long created = time.GetUtcNow().ToUnixTimeSeconds();
        string model = request.Model ?? "";
        ChatCompletionChunk Chunk(ChatChunkDelta delta, string? finish = null) =>
            new() { Id = id, Created = created, Model = model, Choices = [new ChatChunkChoice { Index = 0, Delta = delta, FinishReason = finish }] };

        yield return Chunk(new ChatChunkDelta { Role = "assistant", Content = "" });
        int size = (answer.Length + StreamPieces - 1) / StreamPieces;
        for (int start = 0; start < answer.Length; start += size)
        {
            await DelayAsync(options.LocalLatency / (StreamPieces + 1), cancellationToken);
            yield return Chunk(new ChatChunkDelta { Content = answer.Substring(start, Math.Min(size, answer.Length - start)) });
        }

        yield return Chunk(new ChatChunkDelta(), "stop");
        yield return new ChatCompletionChunk { Id = id, Created = created, Model = model, Usage = usage };
    }

    private static (string Id, string Answer, Usage Usage) Answer(ChatCompletionRequest request)
    {
        string last = request.Messages?.LastOrDefault(m => m.Role == "user")?.Content is { } content ? TextOf(content) : "";
        string answer = $"[{request.Model}] You said: {Truncate(last, 200)}";
        int promptTokens = request.Messages?.Sum(m => m.Content is { } c ? TextOf(c).Length / 4 : 0) ?? 0;
        int completionTokens = answer.Length / 4;
        string id = "chatcmpl-" + Digest(JsonSerializer.Serialize(request with { Stream = null, StreamOptions = null }, GatewayJson.Info<ChatCompletionRequest>()))[..24];
        return (id, answer, new Usage { PromptTokens = promptTokens, CompletionTokens = completionTokens, TotalTokens = promptTokens + completionTokens });
    }

    public Task<ChatCompletionResponse> CompleteQuestionAsync(ChatCompletionRequest conversation, string question, string? scope = null, CancellationToken cancellationToken = default) =>
        CompleteAsync(SemanticQuestion.Reassemble(conversation, question), scope, cancellationToken);

    public IAsyncEnumerable<ChatCompletionChunk> CompleteQuestionStreamingAsync(ChatCompletionRequest conversation, string question, string? scope = null, CancellationToken cancellationToken = default) =>
        CompleteStreamingAsync(SemanticQuestion.Reassemble(conversation, question), scope, cancellationToken);

    public async Task<EmbeddingResponse> EmbedAsync(EmbeddingRequest request, string? scope = null, CancellationToken cancellationToken = default)
    {
        await SimulateLatencyAsync(cancellationToken);
        string[] inputs = request.Input is { ValueKind: JsonValueKind.Array } array
            ? array.EnumerateArray().Select(e => e.ToString()).ToArray()
            : [request.Input?.ToString() ?? ""];
        int dimensions = request.Dimensions ?? DefaultDimensions;
        return new EmbeddingResponse
        {
            Model = request.Model ?? "",
            Data = [.. inputs.Select((input, index) => new EmbeddingData { Index = index, Embedding = [.. Vector(input, dimensions)] })],
            Usage = new Usage { PromptTokens = inputs.Sum(i => i.Length / 4), TotalTokens = inputs.Sum(i => i.Length / 4) },
        };
    }

    public async Task<ImageResponse> GenerateImageAsync(ImageRequest request, string? scope = null, CancellationToken cancellationToken = default)
    {
        await SimulateLatencyAsync(cancellationToken);
        string id = Digest($"{request.Model}|{request.Prompt}|{request.Size}|{request.Quality}|{request.Style}")[..16];
        return new ImageResponse
        {
            Created = time.GetUtcNow().ToUnixTimeSeconds(),
            Data = [.. Enumerable.Range(0, request.N ?? 1).Select(i => new ImageData { Url = $"https://images.local.invalid/{id}-{i}.png", RevisedPrompt = request.Prompt })],
        };
    }

    private async Task SimulateLatencyAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        await DelayAsync(options.LocalLatency, cancellationToken);
    }

    private async Task DelayAsync(TimeSpan latency, CancellationToken cancellationToken)
    {
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, time, cancellationToken);
        }
    }

    /// <summary>The text of a message's content: the string, or its text parts joined (other parts carry no text).</summary>
    private static string TextOf(JsonElement content) => content.ValueKind switch
    {
        JsonValueKind.String => content.GetString() ?? "",
        JsonValueKind.Array => string.Concat(content.EnumerateArray().Select(part =>
            part.ValueKind == JsonValueKind.Object
            && part.TryGetProperty("type", out JsonElement type) && type.ValueEquals("text")
            && part.TryGetProperty("text", out JsonElement text) && text.ValueKind == JsonValueKind.String
                ? text.GetString()
                : "")),
        _ => "",
    };

    private static float[] Vector(string input, int dimensions)
    {
        byte[] seed = SHA256.HashData(Encoding.UTF8.GetBytes(input));
        return Enumerable.Range(0, dimensions).Select(i => (seed[i % seed.Length] / 127.5f) - 1f).ToArray();
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
