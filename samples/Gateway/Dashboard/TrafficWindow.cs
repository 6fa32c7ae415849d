using System;
using System.Collections.Generic;
using System.Threading;
using Caching;

namespace Gateway.Dashboard;

/// <summary>
/// The last hour of one view's traffic in 10-second buckets (requests and what the cache did with them), and the
/// latency of hits and misses since start-up (in <see cref="System.Diagnostics.Stopwatch"/> ticks). Recording takes no lock except when a bucket starts a new period.
/// </summary>
internal sealed class TrafficWindow
{
    public static readonly TimeSpan BucketLength = TimeSpan.FromSeconds(10);
    public const int BucketCount = 360;

    private readonly Bucket[] _buckets = new Bucket[BucketCount];
    private readonly Lock _rotation = new();

    public TrafficWindow()
    {
        for (int i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new Bucket();
        }
    }

    public LatencyHistogram HitLatency { get; } = new();

    public LatencyHistogram MissLatency { get; } = new();

    public void Record(DateTimeOffset now, CacheOutcome? outcome, long elapsedTicks)
    {
        long period = now.ToUnixTimeMilliseconds() / (long)BucketLength.TotalMilliseconds;
        Bucket bucket = _buckets[period % BucketCount];
        if (Volatile.Read(ref bucket.Period) != period)
        {
            lock (_rotation)
            {
                if (bucket.Period != period)
                {
                    bucket.Reset(period);
                }
            }
        }

        Interlocked.Increment(ref bucket.Requests);
        switch (outcome)
        {
            case CacheOutcome.Hit:
                Interlocked.Increment(ref bucket.Hits);
                HitLatency.Record(elapsedTicks);
                break;
            case CacheOutcome.SemanticHit:
                Interlocked.Increment(ref bucket.SemanticHits);
                HitLatency.Record(elapsedTicks);
                break;
            case CacheOutcome.Stale:
                Interlocked.Increment(ref bucket.Stale);
                break;
            case CacheOutcome.Miss:
                Interlocked.Increment(ref bucket.Misses);
                MissLatency.Record(elapsedTicks);
                break;
            case CacheOutcome.Bypass:
                Interlocked.Increment(ref bucket.Bypassed);
                break;
            default:
                // A client mistake, an error or an invalidation: a request, but not one the cache answered.
                break;
        }
    }

    /// <summary>The buckets of the hour before <paramref name="now"/>, oldest first, an empty one where nothing came.</summary>
    public IReadOnlyList<TrafficPoint> Series(DateTimeOffset now)
    {
        long current = now.ToUnixTimeMilliseconds() / (long)BucketLength.TotalMilliseconds;
        var points = new List<TrafficPoint>(BucketCount);
        for (long period = current - BucketCount + 1; period <= current; period++)
        {
            Bucket bucket = _buckets[period % BucketCount];
            long seconds = period * (long)BucketLength.TotalSeconds;
            points.Add(Volatile.Read(ref bucket.Period) == period
                ? new TrafficPoint(seconds, Volatile.Read(ref bucket.Requests), Volatile.Read(ref bucket.Hits), Volatile.Read(ref bucket.SemanticHits), Volatile.Read(ref bucket.Stale), Volatile.Read(ref bucket.Misses), Volatile.Read(ref bucket.Bypassed))
                : new TrafficPoint(seconds, 0, 0, 0, 0, 0, 0));
        }

        return points;
    }

    private sealed class Bucket
    {
        public long Period = -1;
        public long Requests;
        public long Hits;
        public long SemanticHits;
        public long Stale;
        public long Misses;
        public long Bypassed;

        public void Reset(long period)
        {
            Requests = Hits = SemanticHits = Stale = Misses = Bypassed = 0;
            Volatile.Write(ref Period, period);
        }
    }
}

/// <summary>
/// One 10-second bucket: when it started (Unix seconds), every request in it, and what the cache did with those it
/// answered (client mistakes and invalidations are requests the cache had no part in).
/// </summary>
internal sealed record TrafficPoint(long Start, long Requests, long Hits, long SemanticHits, long Stale, long Misses, long Bypassed)
{
    /// <summary>Requests the cache answered: hits of either kind, stale answers, misses and bypasses.</summary>
    public long Answered => Hits + SemanticHits + Stale + Misses + Bypassed;
}
