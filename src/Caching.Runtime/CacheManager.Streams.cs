using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>Streams: recorded once, replayed element by element from memory, one provider stream per key at a time.</summary>
public sealed partial class CacheManager
{
    /// <inheritdoc />
    public async IAsyncEnumerable<T> GetOrCreateStreamAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, IAsyncEnumerable<T>> factory,
        CacheEntryOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        EntryPolicy policy = _pipeline.PolicyOf(options);
        IAsyncEnumerable<T> elements;
        if (!_enabled)
        {
            elements = factory(state, cancellationToken);
        }
        else if (CacheCallContext.Current is { Mode: not CacheReadMode.Normal } bypassing)
        {
            bypassing.Record(CacheOutcome.Bypass, key);
            _counters.RecordBypass();
            elements = _pipeline.BypassStreamAsync(key, state, factory, policy, bypassing.Mode, bypassing, cancellationToken);
        }
        else
        {
            CacheCallContext? call = CacheCallContext.Current;
            long sample = CacheCounters.StartSample();
            MemoryRead read = MemoryRead.Miss;
            if (_pipeline.MemoryServes
                && (read = _memory.Read(key, out T[] recorded, out MemoryEntry? entry)) is MemoryRead.Hit or MemoryRead.HitRefreshDue
                && (call is null || Answers(call, key, entry!)))
            {
                _counters.RecordHit(sample);
                _counters.RecordStreamReplay(recorded.Length);
                if (CacheActivities.IsOn)
                {
                    CacheActivities.MemoryHit(key);
                }

                foreach (T element in recorded)
                {
                    yield return element;
                }

                yield break;
            }

            if (read is MemoryRead.Hit or MemoryRead.HitRefreshDue)
            {
                _counters.RecordMiss(sample);
                call!.RecordOlderAnswerSkipped(key);
                elements = _pipeline.BypassStreamAsync(key, state, factory, policy, CacheReadMode.Refresh, call, cancellationToken);
            }
            else
            {
                elements = _pipeline.StreamAfterMemoryAsync(key, read, state, factory, policy, sample, call, cancellationToken);
            }
        }

        await foreach (T element in elements.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return element;
        }
    }
}
