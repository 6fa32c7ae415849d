using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace Caching.Soak.Chaos;

/// <summary>One answer the gateway gave during the run.</summary>
internal sealed record ChaosAnswer(ChaosPhase Phase, bool Repeated, string Prompt, int Status, string Cache, double Milliseconds, bool Wrong, TimeSpan At);

/// <summary>Every answer of the run, and the figures the report is made of.</summary>
internal sealed class ChaosStats
{
    private readonly ConcurrentQueue<ChaosAnswer> _answers = new();

    public void Record(ChaosAnswer answer) => _answers.Enqueue(answer);

    public IReadOnlyList<ChaosAnswer> All => [.. _answers];

    public static double Percentile(IEnumerable<double> values, double p)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }

    /// <summary>
    /// Stale answers given after the upstream was back for a prompt that already had a fresh answer then: a stale answer
    /// served while a fresh one exists.
    /// </summary>
    public int StaleAfterFresh()
    {
        var fresh = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (ChaosAnswer answer in All.Where(a => a.Phase == ChaosPhase.Recovered && a.Status == 200 && a.Cache is "HIT" or "MISS").OrderBy(a => a.At))
        {
            fresh.TryAdd(answer.Prompt, answer.At);
        }

        return All.Count(a => a.Phase == ChaosPhase.Recovered && a.Cache == "STALE" && fresh.TryGetValue(a.Prompt, out TimeSpan at) && a.At > at);
    }
}
