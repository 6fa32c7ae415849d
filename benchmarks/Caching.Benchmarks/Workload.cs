using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Caching;

namespace Caching.Benchmarks;

public sealed record ChatMessage(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content);

public sealed record ChatRequest(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("messages")] IReadOnlyList<ChatMessage> Messages,
    [property: JsonPropertyName("temperature")] double? Temperature = null,
    [property: JsonPropertyName("max_tokens")] int? MaxTokens = null);

public sealed record ChoiceMessage([property: JsonPropertyName("role")] string Role, [property: JsonPropertyName("content")] string Content);

public sealed record Choice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("message")] ChoiceMessage Message,
    [property: JsonPropertyName("finish_reason")] string FinishReason);

public sealed record Usage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens);

/// <summary>The cached answer. Never mutated, so every library may hand out the same instance.</summary>
[ImmutableObject(true)]
public sealed record ChatResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string ObjectType,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<Choice> Choices,
    [property: JsonPropertyName("usage")] Usage Usage);

/// <summary>The provider interface of the benchmarks; the generator emits <c>CachedChatProvider</c> from it.</summary>
public interface IChatProvider
{
    [CachedCompletion]
    ValueTask<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default);
}

/// <summary>A provider that answers at once with the workload's response (or after a delay, for stampedes).</summary>
public sealed class WorkloadProvider(ChatResponse response, TimeSpan delay = default) : IChatProvider
{
    private int _calls;

    public int Calls => _calls;

    public async ValueTask<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        return response;
    }
}

/// <summary>The reference workloads of benchmarks/workloads (copied beside the benchmarks at build time), read once.</summary>
public static class Workload
{
    private static readonly Lazy<string> Folder = new(FindFolder);

    public static byte[] ChatRequestBytes => File.ReadAllBytes(Path.Combine(Folder.Value, "chat-request.json"));

    public static ChatRequest ChatRequest => JsonSerializer.Deserialize<ChatRequest>(ChatRequestBytes)!;

    public static ChatResponse ChatResponse => JsonSerializer.Deserialize<ChatResponse>(File.ReadAllBytes(Path.Combine(Folder.Value, "chat-response.json")))!;

    /// <summary>The path of a workload file.</summary>
    public static string PathOf(string file) => Path.Combine(Folder.Value, file);

    public static string Describe() => $"{ChatRequestBytes.Length} B request ({ChatRequest.Messages.Count} messages), {File.ReadAllBytes(Path.Combine(Folder.Value, "chat-response.json")).Length} B response";

    /// <summary>
    /// Beside the assembly; BenchmarkDotNet's out-of-process runs start from a generated project under the benchmarks'
    /// bin folder, so the folders above are searched too, up to the repository's own benchmarks/workloads.
    /// </summary>
    private static string FindFolder()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            foreach (string candidate in new[] { Path.Combine(directory.FullName, "workloads"), Path.Combine(directory.FullName, "benchmarks", "workloads") })
            {
                if (File.Exists(Path.Combine(candidate, "chat-request.json")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException($"The reference workloads (benchmarks/workloads) were not found above {AppContext.BaseDirectory}.");
    }
}
