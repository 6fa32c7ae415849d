using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Caching.Semantic.Onnx;
using Microsoft.Extensions.AI;

namespace Caching.Semantic.Report;

/// <summary>
/// What a semantic lookup costs besides the embedding call, with 10,000 entries in one partition: each timed call asks a
/// question the partition does not hold exactly, through the manager, with the vectors recorded (the embedder costs a
/// dictionary read). The bytes an entry adds are measured on the heap against the same entries without the layer.
/// </summary>
internal static class LookupCost
{
    private const int Entries = 10_000;
    private const int Queries = 4_000;

    public static async Task RunAsync(IReadOnlyList<LabelledPair> pairs, IReadOnlyDictionary<string, float[]> vectors, Action<string> report)
    {
        string[] stored = [.. pairs.Select(p => p.A).Distinct(StringComparer.Ordinal).Take(Entries)];
        var storedSet = new HashSet<string>(stored, StringComparer.Ordinal);
        string[] asked = [.. pairs.Select(p => p.B).Where(b => !storedSet.Contains(b)).Distinct(StringComparer.Ordinal).Take(Queries)];
        var embedder = new RecordedEmbedder(vectors);

        long withoutLayer = await HeapAfterStoringAsync(stored, semantic: null);
        long withLayer = await HeapAfterStoringAsync(stored, embedder);
        report($"- Memory per indexed entry, besides the answer: {(withLayer - withoutLayer) / (double)stored.Length:N0} bytes ({stored.Length:N0} entries, heap measured after a full collection)");

        await using CacheManager cache = Create(embedder);
        await StoreAsync(cache, stored);
        foreach (string warmUp in asked.Take(200))
        {
            await AskAsync(cache, warmUp, "warm-");
        }

        await SearchAloneAsync(stored, asked, vectors, report);

        var hits = new List<double>();
        var misses = new List<double>();
        long semanticHitsBefore = cache.GetStats().SemanticHits;
        foreach (string question in asked)
        {
            long before = cache.GetStats().SemanticHits;
            long start = Stopwatch.GetTimestamp();
            await AskAsync(cache, question, "q-");
            double microseconds = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            (cache.GetStats().SemanticHits > before ? hits : misses).Add(microseconds);
        }

        report($"- Lookup through the manager, {Entries:N0} entries in one partition, embedding excluded: " +
            $"semantic hits p50 {Percentile(hits, 50):N1} us, p99 {Percentile(hits, 99):N1} us ({hits.Count:N0}); " +
            $"misses (search, judge, provider call, store, index) p50 {Percentile(misses, 50):N1} us, p99 {Percentile(misses, 99):N1} us ({misses.Count:N0})");
        _ = semanticHitsBefore;
        await EmbeddingSpeedAsync(asked, report);
    }

    /// <summary>The index search and the judge, as the pipeline calls them, with nothing around them.</summary>
    private static async Task SearchAloneAsync(string[] stored, string[] asked, IReadOnlyDictionary<string, float[]> vectors, Action<string> report)
    {
        var config = new CacheConfig { SemanticEmbedder = new RecordedEmbedder(vectors), SemanticJudge = MiniLmJudge.Default, MaxMemory = 1L << 30 };
        var layer = new Caching.Semantic.SemanticLayer(config, new MemoryBudget(config.MaxMemory, config.MaxEntrySize), distributed: null, new CacheCounters(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        for (int i = 0; i < stored.Length; i++)
        {
            await layer.IndexAsync(new SemanticQuery("p", stored[i]), "s-" + i, vectors[stored[i]], TimeSpan.FromHours(1));
        }

        float[][] queries = [.. asked.Select(q => vectors[q])];
        foreach (float[] warmUp in queries.Take(200))
        {
            await layer.SearchAsync(new SemanticQuery("p", "q"), warmUp, default);
        }

        var times = new List<double>(queries.Length);
        foreach (float[] query in queries)
        {
            long start = Stopwatch.GetTimestamp();
            await layer.SearchAsync(new SemanticQuery("p", "q"), query, default);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        report($"- Index search and judge alone, {layer.Index.Count:N0} entries in one partition: p50 {Percentile(times, 50):N1} us, p99 {Percentile(times, 99):N1} us, max {times.Max():N1} us ({times.Count:N0} queries); the index holds {layer.Index.Bytes / (double)layer.Index.Count:N0} bytes per entry by its own count");
    }

    private static async Task EmbeddingSpeedAsync(string[] questions, Action<string> report)
    {
        using var model = new LocalEmbeddingGenerator();
        await model.GenerateAsync(questions.Take(8));
        string[] sample = questions[..400];
        var clock = Stopwatch.StartNew();
        foreach (string question in sample)
        {
            await model.GenerateAsync([question]);
        }

        double single = sample.Length / clock.Elapsed.TotalSeconds;
        clock.Restart();
        await Parallel.ForEachAsync(sample, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (question, token) => await model.GenerateAsync([question], cancellationToken: token));
        double concurrent = sample.Length / clock.Elapsed.TotalSeconds;
        report($"- The embedding call ({LocalEmbeddingGenerator.ModelId}, ONNX Runtime, {Environment.ProcessorCount} cores): {single:N0} sentences/s one at a time ({1000 / single:N1} ms each), {concurrent:N0} sentences/s with {Environment.ProcessorCount} callers");
    }

    private static CacheManager Create(IEmbeddingGenerator<string, Embedding<float>>? embedder) => CacheManager.Create(new CacheConfig
    {
        SemanticEmbedder = embedder,
        SemanticJudge = embedder is null ? null : MiniLmJudge.Default,
        MaxSize = 100_000,
        MaxMemory = 1L << 30,
    });

    private static async Task StoreAsync(CacheManager cache, string[] stored)
    {
        for (int i = 0; i < stored.Length; i++)
        {
            await cache.GetOrCreateAsync("chat:model:s-" + i, new SemanticQuery("chat:model:one-partition", stored[i]), 0, static (_, _, _) => new ValueTask<string>("an answer"));
        }
    }

    private static ValueTask<string> AskAsync(CacheManager cache, string question, string prefix) =>
        cache.GetOrCreateAsync("chat:model:" + prefix + question.GetHashCode(StringComparison.Ordinal), new SemanticQuery("chat:model:one-partition", question), 0, static (_, _, _) => new ValueTask<string>("an answer"));

    private static async Task<long> HeapAfterStoringAsync(string[] stored, IEmbeddingGenerator<string, Embedding<float>>? semantic)
    {
        await using CacheManager cache = Create(semantic);
        await StoreAsync(cache, stored);
        long heap = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(cache);
        return heap;
    }

    private static double Percentile(List<double> values, int percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        return values[Math.Min(values.Count - 1, (int)Math.Ceiling(percentile / 100.0 * values.Count) - 1)];
    }
}
