using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Caching.Semantic.Report;

/// <summary>
/// Each pair through a cache manager with the semantic layer: A's answer is stored, then B is asked in the same partition
/// (each pair has its own, as two requests equal in everything but their text would); a semantic hit serves A's answer.
/// </summary>
internal static class RealPath
{
    public static async Task<(double Served, double Wrong, int Hits)> RunAsync(IReadOnlyList<LabelledPair> pairs, IEmbeddingGenerator<string, Embedding<float>> embedder, ISemanticJudge judge, double? threshold)
    {
        await using CacheManager cache = CacheManager.Create(new CacheConfig
        {
            SemanticEmbedder = embedder,
            SemanticJudge = judge,
            SemanticThreshold = threshold,
            MaxSize = 100_000,
            MaxMemory = 1L << 30,
        });
        int dups = 0, nons = 0, served = 0, wrong = 0;
        foreach (LabelledPair pair in pairs)
        {
            string partition = "chat:model:pair-" + pair.Index;
            await cache.GetOrCreateAsync("chat:model:a-" + pair.Index, new SemanticQuery(partition, pair.A), pair, static (p, _, _) => new ValueTask<string>("answer to " + p.A));
            using CacheCallContext call = CacheCallContext.Begin();
            await cache.GetOrCreateAsync("chat:model:b-" + pair.Index, new SemanticQuery(partition, pair.B), pair, static (p, _, _) => new ValueTask<string>("answer to " + p.B));
            bool hit = call.Outcome == CacheOutcome.SemanticHit;
            if (pair.Duplicate)
            {
                dups++;
                served += hit ? 1 : 0;
            }
            else
            {
                nons++;
                wrong += hit ? 1 : 0;
            }
        }

        CacheStats stats = cache.GetStats();
        if (stats.SemanticHits != served + wrong || stats.SemanticEmbeddingErrors != 0)
        {
            throw new InvalidOperationException($"The cache counted {stats.SemanticHits} semantic hits and {stats.SemanticEmbeddingErrors} embedding errors; the pairs saw {served + wrong} hits.");
        }

        return ((double)served / dups, (double)wrong / nons, served + wrong);
    }
}
