using System;
using System.Threading;

namespace Gateway.Dashboard;

/// <summary>
/// Request latencies in buckets that grow by a quarter from 10 µs to about 5 minutes, so that a percentile is read to
/// within an eighth of its value, with no lock and no allocation per request.
/// </summary>
internal sealed class LatencyHistogram
{
    private const double FirstBoundMicroseconds = 10;
    private const double Growth = 1.25;
    private static readonly double LogGrowth = Math.Log(Growth);
    private readonly long[] _counts = new long[80];
    private long _total;

    public long Count => Interlocked.Read(ref _total);

    public void Record(TimeSpan elapsed)
    {
        double microseconds = Math.Max(elapsed.TotalMicroseconds, 0);
        int index = microseconds <= FirstBoundMicroseconds ? 0 : Math.Min(_counts.Length - 1, 1 + (int)(Math.Log(microseconds / FirstBoundMicroseconds) / LogGrowth));
        Interlocked.Increment(ref _counts[index]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>The latency at <paramref name="quantile"/> (0.5, 0.99) in milliseconds, the middle of its bucket; null with no data.</summary>
    public double? Percentile(double quantile)
    {
        long total = Count;
        if (total == 0)
        {
            return null;
        }

        long rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                double upper = FirstBoundMicroseconds * Math.Pow(Growth, i);
                double lower = i == 0 ? 0 : upper / Growth;
                return (lower + upper) / 2 / 1000;
            }
        }

        return FirstBoundMicroseconds * Math.Pow(Growth, _counts.Length - 1) / 1000;
    }
}
