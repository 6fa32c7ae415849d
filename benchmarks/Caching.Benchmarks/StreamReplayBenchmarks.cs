using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;

namespace Caching.Benchmarks;

/// <summary>
/// Replaying a cached 500-chunk stream from memory against yielding the same 500 chunks from a List through an async
/// iterator (the least a caller of an IAsyncEnumerable pays), and the time to the first chunk of a replay.
/// </summary>
[MemoryDiagnoser]
public class StreamReplayBenchmarks
{
    private const int Chunks = 500;
    private const string Key = "chat:gpt-4o:stream";
    private List<StreamChunk> _chunks = null!;
    private CacheManager _cache = null!;

    /// <summary>An immutable chunk, as SDK chunk types are (so replays share the instances).</summary>
    public sealed record StreamChunk(string Id, int Index, string Delta);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _chunks = [.. Enumerable.Range(0, Chunks).Select(i => new StreamChunk("chatcmpl-1", i, "token " + i))];
        _cache = await CacheManager.CreateAsync(new CacheConfig { MaxSize = 1000 });
        await foreach (StreamChunk _ in _cache.GetOrCreateStreamAsync(Key, this, static (self, token) => self.FromListAsync(token)))
        {
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _cache.DisposeAsync();

    [Benchmark(Baseline = true, Description = "500 chunks from a List<T> through an async iterator")]
    public async Task<int> FromList()
    {
        int count = 0;
        await foreach (StreamChunk _ in FromListAsync(CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    [Benchmark(Description = "ours: replay of a cached 500-chunk stream (memory)")]
    public async Task<int> Replay()
    {
        int count = 0;
        await foreach (StreamChunk _ in _cache.GetOrCreateStreamAsync(Key, this, static (self, token) => self.FromListAsync(token)))
        {
            count++;
        }

        return count;
    }

    [Benchmark(Description = "ours: time to the first chunk of a replay")]
    public async Task<StreamChunk> FirstChunk()
    {
        await using IAsyncEnumerator<StreamChunk> replay = _cache.GetOrCreateStreamAsync(Key, this, static (self, token) => self.FromListAsync(token)).GetAsyncEnumerator();
        await replay.MoveNextAsync();
        return replay.Current;
    }

    private async IAsyncEnumerable<StreamChunk> FromListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (StreamChunk chunk in _chunks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return chunk;
        }

        await Task.CompletedTask;
    }
}
