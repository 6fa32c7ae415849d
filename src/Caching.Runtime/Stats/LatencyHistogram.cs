using System;
using System.Diagnostics;
using System.Numerics;
using System.Threading;

namespace Caching;

/// <summary>
/// A lock-free histogram of durations in <see cref="Stopwatch"/> ticks with logarithmic buckets (8 per power of two,
/// so a percentile is exact to within about 9 %). Recording is two interlocked adds and one increment. The cache's
/// statistics use it; a host may use it for its own timings (the sample gateway's dashboard does).
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 3;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int BucketCount = 64 * SubBuckets;

    private readonly long[] _buckets = new long[BucketCount];
    private long _count;
    private long _sumTicks;

    /// <summary>How many durations were recorded.</summary>
    public long Count => Volatile.Read(ref _count);

    /// <summary>Records a duration measured in <see cref="Stopwatch"/> ticks (a negative one counts as zero).</summary>
    public void Record(long elapsedTicks)
    {
        if (elapsedTicks < 0)
        {
            elapsedTicks = 0;
        }

        Interlocked.Increment(ref _buckets[BucketOf(elapsedTicks)]);
        Interlocked.Add(ref _sumTicks, elapsedTicks);
        Interlocked.Increment(ref _count);
    }

    /// <summary>The mean duration in microseconds; 0 before any was recorded.</summary>
    public double MeanMicroseconds
    {
        get
        {
            long count = Volatile.Read(ref _count);
            return count == 0 ? 0 : TicksToMicroseconds((double)Volatile.Read(ref _sumTicks) / count);
        }
    }

    /// <summary>The duration at <paramref name="percentile"/> (0–100) in microseconds, as its bucket's upper bound; 0 before any was recorded.</summary>
    public double PercentileMicroseconds(double percentile)
    {
        long total = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            total += Volatile.Read(ref _buckets[i]);
        }

        if (total == 0)
        {
            return 0;
        }

        long rank = (long)Math.Ceiling(total * percentile / 100d);
        long seen = 0;
        for (int i = 0; i < BucketCount; i++)
        {
            seen += Volatile.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                return TicksToMicroseconds(UpperBoundOf(i));
            }
        }

        return TicksToMicroseconds(UpperBoundOf(BucketCount - 1));
    }

    internal static int BucketOf(long ticks)
    {
        if (ticks < SubBuckets)
        {
            return (int)ticks;
        }

        int exponent = 63 - BitOperations.LeadingZeroCount((ulong)ticks);
        int mantissa = (int)((ticks >> (exponent - SubBucketBits)) & (SubBuckets - 1));
        return ((exponent - SubBucketBits + 1) * SubBuckets) + mantissa;
    }

    internal static double UpperBoundOf(int bucket)
    {
        if (bucket < SubBuckets)
        {
            return bucket;
        }

        int exponent = (bucket / SubBuckets) + SubBucketBits - 1;
        int mantissa = bucket % SubBuckets;
        return Math.Pow(2, exponent) + ((mantissa + 1) * Math.Pow(2, exponent - SubBucketBits)) - 1;
    }

    private static double TicksToMicroseconds(double stopwatchTicks) => stopwatchTicks * 1_000_000d / Stopwatch.Frequency;
}
