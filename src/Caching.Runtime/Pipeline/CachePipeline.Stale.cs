using System;
using System.Threading;

namespace Caching;

/// <summary>When a stale answer may stand in for a provider call, and the log of provider outages (once each, not per request).</summary>
internal sealed partial class CachePipeline
{
    private int _inOutage;
    private long _staleServedInOutage;

    /// <summary>
    /// Whether a stale answer may stand in for this failure: not when every caller gave up (nobody waits), and not for a
    /// failure the configuration excludes (<see cref="CacheConfig.ServeStaleWhen"/>).
    /// </summary>
    private bool ServesStaleFor(Exception failure, CancellationToken flightToken) =>
        !(failure is OperationCanceledException && flightToken.IsCancellationRequested)
        && (Config.ServeStaleWhen?.Invoke(failure) ?? true);

    /// <summary>Counts nothing (callers count what they accept) but logs the first stale answer of an outage at Warning.</summary>
    private void NoteStaleServed(string key, Exception failure)
    {
        Interlocked.Increment(ref _staleServedInOutage);
        if (Interlocked.Exchange(ref _inOutage, 1) == 0)
        {
            CacheLog.ProviderFailingServingStale(_logger, key, failure.GetType().Name, failure.Message);
        }
    }

    /// <summary>A provider answered: an outage, if there was one, is over.</summary>
    private void EndOutage()
    {
        if (Volatile.Read(ref _inOutage) == 1 && Interlocked.Exchange(ref _inOutage, 0) == 1)
        {
            long served = Interlocked.Exchange(ref _staleServedInOutage, 0);
            CacheLog.ProviderAnsweringAgain(_logger, served);
        }
    }
}
