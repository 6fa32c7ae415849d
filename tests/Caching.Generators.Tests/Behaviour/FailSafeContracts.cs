using System;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Generators.Tests.Behaviour;

/// <summary>A provider whose methods keep answers stale for a day, one of them with a soft timeout.</summary>
public interface IFlakyProvider
{
    [CachedCompletion(Ttl = "10m", StaleIfError = "1d")]
    Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default);

    [CachedCompletion(Ttl = "10m", StaleIfError = "1d", SoftTimeout = "100ms")]
    Task<ChatResponse> CompleteSlowlyAsync(ChatRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Answers, fails or hangs on command.</summary>
public sealed class FlakyProvider : IFlakyProvider
{
    public Func<ChatRequest, Task<ChatResponse>> Answer { get; set; } = request => Task.FromResult(new ChatResponse("ok", request.Messages[^1].Content));

    public Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default) => Answer(request);

    public Task<ChatResponse> CompleteSlowlyAsync(ChatRequest request, CancellationToken cancellationToken = default) => Answer(request);
}
