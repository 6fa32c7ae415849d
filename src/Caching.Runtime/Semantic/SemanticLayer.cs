using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Caching.Semantic;

/// <summary>
/// The semantic layer of one manager: embeds a call's free text (one call per text at a time, however many callers),
/// finds the partition's nearest entries, lets the judge decide, and indexes the texts of stored answers, here and in the
/// shared store. It never fails a call: an embedding or store fault is counted and the call goes on exact-only.
/// </summary>
internal sealed class SemanticLayer
{
    /// <summary>How many candidates over the floor the judge scores, most similar first.</summary>
    public const int JudgedCandidates = 4;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _embedder;
    private readonly ISemanticJudge _judge;
    private readonly ISemanticStore? _store;
    private readonly ICacheBackplane? _backplane;
    private readonly CacheCounters _counters;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _embeddingTimeout;
    private readonly TimeSpan _reloadAfter;
    private readonly ConcurrentDictionary<string, Task<float[]?>> _embeddings = new(StringComparer.Ordinal);
    private Histogram<double>? _similarity;
    private long _failuresSinceAnswer;
    private KeyValuePair<string, object?>[] _tags = [];

    public SemanticLayer(CacheConfig config, MemoryBudget budget, DistributedBackend? distributed, CacheCounters counters, TimeProvider time, ILogger logger)
    {
        _embedder = config.SemanticEmbedder!;
        _judge = config.SemanticJudge ?? new CosineJudge();
        Threshold = config.SemanticThreshold ?? _judge.DefaultThreshold;
        Floor = _judge.CandidateFloor(Threshold);
        _store = distributed?.Semantic;
        _backplane = distributed?.Backplane;
        _counters = counters;
        _time = time;
        _logger = logger;
        _embeddingTimeout = config.SemanticEmbeddingTimeout;
        _reloadAfter = config.L1Ttl;
        Index = new SemanticIndex(budget, (long)(config.MaxMemory * config.SemanticMemoryShare));
    }

    public SemanticIndex Index { get; }

    /// <summary>Embedding calls running now (for tests: none is left behind).</summary>
    internal int EmbeddingsInFlight => _embeddings.Count;

    /// <summary>The judge's score a candidate needs.</summary>
    public double Threshold { get; }

    /// <summary>The similarity under which candidates are not scored.</summary>
    public double Floor { get; }

    public void UseSimilarityHistogram(Histogram<double> histogram, KeyValuePair<string, object?>[] tags)
    {
        _tags = tags;
        _similarity = histogram;
    }

    /// <summary>
    /// The unit vector of a text, or null when the embedder failed or took too long (counted; logged once an outage).
    /// Callers asking for the same text meanwhile share the one call.
    /// </summary>
    public async ValueTask<float[]?> EmbedAsync(string text, CancellationToken cancellationToken)
    {
        var mine = new TaskCompletionSource<float[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task<float[]?> shared = _embeddings.GetOrAdd(text, mine.Task);
        if (!ReferenceEquals(shared, mine.Task))
        {
            return await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // Registered before the call starts, and removed when it ends: an embedder that completes synchronously leaves nothing behind.
        try
        {
            float[]? vector = await EmbedOnceAsync(text).ConfigureAwait(false);
            mine.SetResult(vector);
            return vector;
        }
        finally
        {
            _embeddings.TryRemove(new KeyValuePair<string, Task<float[]?>>(text, mine.Task));
        }
    }

    /// <summary>
    /// The candidates the judge accepts for <paramref name="vector"/> in the query's partition, best first (empty when none
    /// is), after reading what other instances indexed there. Counts the lookup, a near miss, and the nearest similarity.
    /// </summary>
    public async ValueTask<List<SemanticCandidate>> SearchAsync(SemanticQuery query, float[] vector, CancellationToken cancellationToken)
    {
        _counters.RecordSemanticLookup();
        await SynchronizeAsync(query.Partition, cancellationToken).ConfigureAwait(false);
        var accepted = new List<SemanticCandidate>(1);
        if (Index.Find(query.Partition) is not { } partition || partition.Dimensions != vector.Length)
        {
            return accepted;
        }

        Span<ulong> sketch = stackalloc ulong[VectorSketch.Words];
        Index.SketchFor(vector.Length).Sketch(vector, sketch);
        var candidates = new SemanticCandidate[JudgedCandidates];
        float[] candidateVectors = ArrayPool<float>.Shared.Rent(JudgedCandidates * vector.Length);
        try
        {
            int found = partition.Find(vector, sketch, Floor, candidates, candidateVectors);
            if (found == 0)
            {
                return accepted;
            }

            _similarity?.Record(candidates[0].Similarity, _tags);
            var scores = new List<(SemanticCandidate Candidate, double Score)>(found);
            for (int i = 0; i < found; i++)
            {
                double score = _judge.Score(vector, candidateVectors.AsSpan(i * vector.Length, vector.Length), candidates[i].Similarity);
                if (score >= Threshold)
                {
                    scores.Add((candidates[i], score));
                }
            }

            if (scores.Count == 0)
            {
                _counters.RecordSemanticNearMiss();
                return accepted;
            }

            scores.Sort(static (a, b) => b.Score.CompareTo(a.Score));
            foreach ((SemanticCandidate candidate, _) in scores)
            {
                accepted.Add(candidate);
            }

            return accepted;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(candidateVectors);
        }
    }

    /// <summary>
    /// Indexes the text of a stored answer kept for <paramref name="kept"/>, here and in the shared store (whose partition
    /// lives at least as long); other instances hear of it by the backplane.
    /// </summary>
    public async Task IndexAsync(SemanticQuery query, string key, float[]? vector, TimeSpan kept)
    {
        try
        {
            vector ??= await EmbedAsync(query.Text, CancellationToken.None).ConfigureAwait(false);
            if (vector is null)
            {
                return;
            }

            sbyte[] quantized = new sbyte[vector.Length];
            float scale = QuantizedVector.Quantize(vector, quantized);
            Index.Add(query.Partition, key, quantized, scale);
            if (_store is not null
                && await _store.AddAsync(query.Partition, key, SemanticRecord.Write(quantized, scale), kept, CancellationToken.None).ConfigureAwait(false))
            {
                _backplane?.Publish(new CacheChange(CacheChangeKind.Indexed, key) { Partition = query.Partition });
            }
        }
        catch (Exception ex)
        {
            _counters.RecordError();
            CacheLog.Fault(_logger, "semantic index", key, ex.GetType().Name + ": " + ex.Message);
        }
    }

    /// <summary>A candidate whose entry is gone (expired, evicted, removed elsewhere): its vector goes too.</summary>
    public void Forget(string partition, string key, bool alsoShared)
    {
        Index.Remove(key);
        if (alsoShared && _store is not null)
        {
            _ = ForgetSharedAsync(partition, key);
        }
    }

    public void Remove(string key) => Index.Remove(key);

    public async ValueTask InvalidateAsync(GlobPattern pattern, bool alsoShared)
    {
        Index.Invalidate(pattern);
        if (alsoShared && _store is not null)
        {
            await _store.InvalidateAsync(pattern.Text, CancellationToken.None).ConfigureAwait(false);
        }
    }

    public async ValueTask ClearAsync(bool alsoShared)
    {
        Index.Clear();
        if (alsoShared && _store is not null)
        {
            await _store.ClearAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    public void Clear() => Index.Clear();

    /// <summary>Another instance indexed a key: its vector is read on this partition's next lookup.</summary>
    public void OnRemoteIndexed(string partition, string key)
    {
        if (Index.Find(partition) is { } known)
        {
            known.Announced.Enqueue(key);
        }
    }

    /// <summary>Changes may have been missed: every partition is read again in full on its next lookup.</summary>
    public void OnResynchronize() => Index.MarkUnloaded();

    private async Task<float[]?> EmbedOnceAsync(string text)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_embeddingTimeout, _time);
            GeneratedEmbeddings<Embedding<float>> generated = await _embedder.GenerateAsync([text], cancellationToken: timeout.Token).ConfigureAwait(false);
            if (generated.Count != 1)
            {
                throw new InvalidOperationException($"The embedder returned {generated.Count} embeddings for one text.");
            }

            float[] vector = generated[0].Vector.ToArray();
            if (!QuantizedVector.TryNormalize(vector))
            {
                throw new InvalidOperationException("The embedder returned a zero or non-finite vector.");
            }

            long failures = Interlocked.Exchange(ref _failuresSinceAnswer, 0);
            if (failures > 0)
            {
                CacheLog.SemanticEmbedderAnswering(_logger, failures);
            }

            return vector;
        }
        catch (Exception ex)
        {
            _counters.RecordSemanticEmbeddingError();
            if (Interlocked.Increment(ref _failuresSinceAnswer) == 1)
            {
                // One warning per outage of the embedder, not one per call.
                CacheLog.SemanticEmbedderFailing(_logger, ex.GetType().Name + ": " + ex.Message);
            }

            return null;
        }
    }

    /// <summary>Reads the partition's shared vectors: in full the first time (and after a gap), then only keys announced since.</summary>
    private async ValueTask SynchronizeAsync(string partitionName, CancellationToken cancellationToken)
    {
        if (_store is null)
        {
            return;
        }

        SemanticPartition? partition = Index.Find(partitionName);
        long now = _time.GetUtcNow().UtcTicks;
        bool stale = partition is not null && (!partition.Loaded || (_backplane is null && now - partition.LoadedAtTicks > _reloadAfter.Ticks));
        if (partition is null || stale)
        {
            IReadOnlyList<KeyValuePair<string, byte[]>>? all = await _store.ReadAllAsync(partitionName, cancellationToken).ConfigureAwait(false);
            if (all is null)
            {
                return;
            }

            AddRecords(partitionName, all);
            if (Index.Find(partitionName) is { } loaded)
            {
                loaded.Loaded = true;
                loaded.LoadedAtTicks = now;
                loaded.Announced.Clear();
            }

            return;
        }

        if (partition.Announced.IsEmpty)
        {
            return;
        }

        var keys = new List<string>();
        while (partition.Announced.TryDequeue(out string? key))
        {
            keys.Add(key);
        }

        IReadOnlyList<KeyValuePair<string, byte[]>>? announced = await _store.ReadAsync(partitionName, keys, cancellationToken).ConfigureAwait(false);
        if (announced is null)
        {
            partition.Loaded = false;
            return;
        }

        AddRecords(partitionName, announced);
    }

    private void AddRecords(string partitionName, IReadOnlyList<KeyValuePair<string, byte[]>> records)
    {
        foreach ((string key, byte[] record) in records)
        {
            if (SemanticRecord.TryRead(record, out ReadOnlySpan<sbyte> vector, out float scale))
            {
                Index.Add(partitionName, key, vector, scale);
            }
        }
    }

    private async Task ForgetSharedAsync(string partition, string key)
    {
        try
        {
            await _store!.RemoveAsync(partition, [key], CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _counters.RecordError();
            CacheLog.Fault(_logger, "semantic forget", key, ex.GetType().Name + ": " + ex.Message);
        }
    }
}
