using System;
using System.Threading;
using System.Threading.Tasks;
using Caching.Distributed;

namespace Caching;

/// <summary>Removal, pattern invalidation and clear, on both levels and on every other instance.</summary>
internal sealed partial class CachePipeline
{
    /// <summary>Removes a key (fresh or stale) from both levels; true when either held it.</summary>
    public async ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        BeginInvalidation();
        bool fromMemory = Memory.Remove(key);
        ForgetSemantic(key);
        long? fromShared = 0;
        try
        {
            fromShared = _distributed is null ? 0 : await _distributed.RemoveAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsFault(ex, cancellationToken))
        {
            RecordFault("remove", key, ex.GetType().Name + ": " + ex.Message);
        }

        _backplane?.Publish(new CacheChange(CacheChangeKind.Remove, key));
        return fromShared > 0 || fromMemory;
    }

    /// <summary>Removes matching keys from both levels: the count is the second level's when it answered, else memory's.</summary>
    public async ValueTask<long> InvalidateAsync(GlobPattern pattern, CancellationToken cancellationToken)
    {
        BeginInvalidation();
        long fromMemory = Memory.Invalidate(pattern);
        long? fromShared = _distributed is null ? null : await _distributed.InvalidateAsync(pattern.Text, cancellationToken).ConfigureAwait(false);
        if (_semantic is not null)
        {
            await _semantic.InvalidateAsync(pattern, alsoShared: true).ConfigureAwait(false);
        }
        _backplane?.Publish(new CacheChange(CacheChangeKind.Invalidate, pattern.Text));
        return fromShared ?? fromMemory;
    }

    /// <summary>Empties both levels of this namespace.</summary>
    public async ValueTask<long> ClearAsync(CancellationToken cancellationToken)
    {
        BeginInvalidation();
        long fromMemory = Memory.Clear();
        long? fromShared = _distributed is null ? null : await _distributed.ClearAsync(cancellationToken).ConfigureAwait(false);
        if (_semantic is not null)
        {
            await _semantic.ClearAsync(alsoShared: true).ConfigureAwait(false);
        }
        _backplane?.Publish(new CacheChange(CacheChangeKind.Clear, string.Empty));
        return fromShared ?? fromMemory;
    }

    /// <summary>Stores a value given by the caller (not a provider's answer in a flight).</summary>
    public ValueTask<bool> SetAsync<T>(string key, T value, EntryPolicy policy, CancellationToken cancellationToken) =>
        WriteAsync(key, value, policy, cancellationToken);
}
