using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace Caching.Soak;

/// <summary>Requests, statuses, wrong answers and latencies, per phase; written by every worker at once.</summary>
internal sealed class PhaseStats
{
    private readonly ConcurrentDictionary<Phase, ConcurrentQueue<double>> _latencies = new();
    private readonly ConcurrentDictionary<(Phase Phase, int Status), int> _statuses = new();
    private readonly ConcurrentQueue<string> _wrong = new();

    public IReadOnlyCollection<string> WrongAnswers => _wrong;

    public void Record(Phase phase, int status, double milliseconds, string? wrong)
    {
        _latencies.GetOrAdd(phase, _ => new ConcurrentQueue<double>()).Enqueue(milliseconds);
        _statuses.AddOrUpdate((phase, status), 1, (_, count) => count + 1);
        if (wrong is not null)
        {
            _wrong.Enqueue($"{phase}: {wrong}");
        }
    }

    public int Count(Func<int, bool> status) => _statuses.Where(s => status(s.Key.Status)).Sum(s => s.Value);

    public IEnumerable<PhaseRow> Rows() =>
        Enum.GetValues<Phase>().Where(_latencies.ContainsKey).Select(phase =>
        {
            double[] sorted = [.. _latencies[phase].Order()];
            string statuses = string.Join(", ", _statuses.Where(s => s.Key.Phase == phase).OrderBy(s => s.Key.Status).Select(s => $"{s.Key.Status}: {s.Value}"));
            return new PhaseRow(phase, sorted.Length, statuses, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
        });

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
}

internal sealed record PhaseRow(Phase Phase, int Requests, string Statuses, double P50, double P99);
