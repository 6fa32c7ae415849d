using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Generators.Tests.Behaviour.Streaming;

/// <summary>One chunk of a streamed answer; immutable, as SDK chunk types are.</summary>
public sealed record Chunk(int Index, string Text);

public interface IStreamingProvider
{
    [CachedCompletion]
    IAsyncEnumerable<Chunk> StreamAsync(string model, string prompt, CancellationToken cancellationToken = default);
}

/// <summary>
/// A provider whose stream the test drives: each chunk after the first waits for the test to release it, a chunk can
/// be made to fail, and the provider notes whether its enumeration was cancelled.
/// </summary>
public sealed class ScriptedStreamProvider(params string[] chunks) : IStreamingProvider
{
    private readonly System.Threading.Channels.Channel<bool> _release = System.Threading.Channels.Channel.CreateUnbounded<bool>();
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>When set, the provider throws instead of yielding the chunk at this index.</summary>
    public int? FailAt { get; set; }

    /// <summary>When false, every chunk is yielded without waiting for the test.</summary>
    public bool Gated { get; set; } = true;

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource FirstProduced { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the provider produce <paramref name="count"/> more chunks.</summary>
    public void Release(int count = 1)
    {
        for (int i = 0; i < count; i++)
        {
            _release.Writer.TryWrite(true);
        }
    }

    public async IAsyncEnumerable<Chunk> StreamAsync(string model, string prompt, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);

        // Noted where the cancellation is observed: a token registration would be disposed with the iterator, and can
        // be disposed before its callback runs when the cancelled wait resumes the iterator inline.
        try
        {
            for (int i = 0; i < chunks.Length; i++)
            {
                if (i > 0 && Gated)
                {
                    await _release.Reader.ReadAsync(cancellationToken);
                }

                if (FailAt == i)
                {
                    throw new InvalidOperationException($"the provider failed at chunk {i}");
                }

                yield return new Chunk(i, chunks[i]);
                FirstProduced.TrySetResult();
            }
        }
        finally
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Cancelled.TrySetResult();
            }
        }
    }
}
