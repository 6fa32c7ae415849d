using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>Calls with a free text: answered exactly when memory can, else through the semantic layer.</summary>
public sealed partial class CacheManager
{
    /// <inheritdoc />
    public ValueTask<T> GetOrCreateAsync<TState, T>(
        string key,
        SemanticQuery semantic,
        TState state,
        Func<TState, CacheFactoryContext, CancellationToken, ValueTask<T>> factory,
        CacheEntryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        CacheCallContext? call = CacheCallContext.Current;
        if (!IsSemantic(semantic, call))
        {
            return GetOrCreateAsync(key, state, factory, options, cancellationToken);
        }

        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(factory);
        EntryPolicy policy = _pipeline.PolicyOf(options);
        long sample = CacheCounters.StartSample();
        MemoryRead read = MemoryRead.Miss;
        if (_pipeline.MemoryServes)
        {
            read = _memory.Read(key, out T value, out MemoryEntry? entry);
            if (read is MemoryRead.Hit or MemoryRead.HitRefreshDue)
            {
                if (call is not null && !Answers(call, key, entry!))
                {
                    // Older than the caller's max-age: the exact path asks the provider.
                    return GetOrCreateAsync(key, state, factory, options, cancellationToken);
                }

                _counters.RecordHit(sample);
                if (CacheActivities.IsOn)
                {
                    CacheActivities.MemoryHit(key);
                }

                if (read == MemoryRead.HitRefreshDue)
                {
                    _pipeline.RefreshInBackground(key, entry!, state, factory, policy);
                }

                return new ValueTask<T>(value);
            }
        }

        return _pipeline.GetOrCreateSemanticAsync(key, semantic, read, state, factory, policy, sample, call, cancellationToken);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<T> GetOrCreateStreamAsync<TState, T>(
        string key,
        SemanticQuery semantic,
        TState state,
        Func<TState, CancellationToken, IAsyncEnumerable<T>> factory,
        CacheEntryOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        CacheCallContext? call = CacheCallContext.Current;
        IAsyncEnumerable<T> elements;
        if (!IsSemantic(semantic, call))
        {
            elements = GetOrCreateStreamAsync(key, state, factory, options, cancellationToken);
        }
        else
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(factory);
            long sample = CacheCounters.StartSample();
            MemoryRead read = MemoryRead.Miss;
            if (_pipeline.MemoryServes && (read = _memory.Read(key, out T[] recorded, out MemoryEntry? entry)) is MemoryRead.Hit or MemoryRead.HitRefreshDue)
            {
                if (call is null || Answers(call, key, entry!))
                {
                    _counters.RecordHit(sample);
                    _counters.RecordStreamReplay(recorded.Length);
                    foreach (T element in recorded)
                    {
                        yield return element;
                    }

                    yield break;
                }

                // Older than the caller's max-age: the exact path asks the provider.
                elements = GetOrCreateStreamAsync(key, state, factory, options, cancellationToken);
            }
            else
            {
                elements = _pipeline.StreamSemanticAsync(key, semantic, read, state, factory, _pipeline.PolicyOf(options), sample, call, cancellationToken);
            }
        }

        await foreach (T element in elements.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return element;
        }
    }

    /// <summary>
    /// Whether a call with a free text takes the semantic path: the layer is on, the text is not empty, and the call reads
    /// the cache normally (a bypass is exact, as any call).
    /// </summary>
    private bool IsSemantic(SemanticQuery semantic, CacheCallContext? call) =>
        _enabled && _pipeline.HasSemantic && !string.IsNullOrEmpty(semantic.Text) && semantic.Partition is not null
        && call is not { Mode: not CacheReadMode.Normal };
}
