using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Caching;

/// <summary>
/// The one entry point to the cache. Keys are logical keys (for example <c>chat:gpt-4o:{hash}</c>); the store
/// prepends the configured namespace. A fault of the cache itself never fails a caller: it is counted, logged
/// and the call proceeds as a miss.
/// </summary>
public interface ICacheManager
{
    /// <summary>Returns the cached value, or <c>default</c> on a miss.</summary>
    ValueTask<T?> GetAsync<T>(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores a value, fresh for the options' TTL (the configured default when null).</summary>
    ValueTask SetAsync<T>(string key, T value, CacheEntryOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the cached value or runs <paramref name="factory"/> once per key, however many callers miss at the same
    /// time, and caches its successful result. The token passed to the factory is cancelled only when every waiting
    /// caller has cancelled. When the factory fails and the key holds a stale answer within its <c>stale_if_error</c>,
    /// the stale answer is returned instead of the failure.
    /// </summary>
    ValueTask<T> GetOrCreateAsync<T>(
        string key,
        Func<CancellationToken, ValueTask<T>> factory,
        CacheEntryOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="GetOrCreateAsync{T}(string, Func{CancellationToken, ValueTask{T}}, CacheEntryOptions?, CancellationToken)"/>,
    /// passing <paramref name="state"/> to a static factory so that callers need not allocate a closure.
    /// </summary>
    ValueTask<T> GetOrCreateAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, ValueTask<T>> factory,
        CacheEntryOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="GetOrCreateAsync{TState, T}(string, TState, Func{TState, CancellationToken, ValueTask{T}}, CacheEntryOptions?, CancellationToken)"/>,
    /// with a <see cref="CacheFactoryContext"/> through which the factory can ask that its answer not be stored.
    /// </summary>
    ValueTask<T> GetOrCreateAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CacheFactoryContext, CancellationToken, ValueTask<T>> factory,
        CacheEntryOptions? options = null,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// As <see cref="GetOrCreateAsync{TState, T}(string, TState, Func{TState, CacheFactoryContext, CancellationToken, ValueTask{T}}, CacheEntryOptions?, CancellationToken)"/>,
    /// and when no answer is cached under <paramref name="key"/>, one cached in <paramref name="semantic"/>'s partition for a
    /// text that means the same may be served (a semantic hit, recorded as <see cref="CacheOutcome.SemanticHit"/>). The
    /// provider's answer is indexed under the query's text. The default implementation is exact-only.
    /// </summary>
    ValueTask<T> GetOrCreateAsync<TState, T>(
        string key,
        SemanticQuery semantic,
        TState state,
        Func<TState, CacheFactoryContext, CancellationToken, ValueTask<T>> factory,
        CacheEntryOptions? options = null,
        CancellationToken cancellationToken = default) =>
        GetOrCreateAsync(key, state, factory, options, cancellationToken);

    /// <summary>
    /// Returns the cached elements of a stream, replayed in order, or runs <paramref name="factory"/>'s stream once per key
    /// however many callers ask at the same time: each caller receives the elements as the provider yields them (a caller
    /// that joins late first receives those already produced). Only a stream that completes is stored; a provider failure
    /// before the first element is answered from a stale recorded stream when the key holds one, any other failure reaches
    /// every caller and stores nothing; when every caller has gone away the provider's enumeration is cancelled. The
    /// default implementation does not cache.
    /// </summary>
    IAsyncEnumerable<T> GetOrCreateStreamAsync<TState, T>(
        string key,
        TState state,
        Func<TState, CancellationToken, IAsyncEnumerable<T>> factory,
        CacheEntryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory(state, cancellationToken);
    }

    /// <summary>
    /// As <see cref="GetOrCreateStreamAsync{TState, T}(string, TState, Func{TState, CancellationToken, IAsyncEnumerable{T}}, CacheEntryOptions?, CancellationToken)"/>,
    /// replaying a stream cached in <paramref name="semantic"/>'s partition for a text that means the same when none is cached
    /// under <paramref name="key"/>. The default implementation is exact-only.
    /// </summary>
    IAsyncEnumerable<T> GetOrCreateStreamAsync<TState, T>(
        string key,
        SemanticQuery semantic,
        TState state,
        Func<TState, CancellationToken, IAsyncEnumerable<T>> factory,
        CacheEntryOptions? options = null,
        CancellationToken cancellationToken = default) =>
        GetOrCreateStreamAsync(key, state, factory, options, cancellationToken);

    /// <summary>Removes one entry; true when it existed.</summary>
    ValueTask<bool> RemoveAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes every entry whose logical key matches a glob pattern (<c>*</c>, <c>?</c>, <c>[abc]</c>, <c>\</c> escapes,
    /// as in Redis). Build patterns from key parts with <see cref="CacheKeyBuilder.EscapePattern(string)"/>.
    /// </summary>
    /// <returns>The number of entries removed.</returns>
    ValueTask<long> InvalidateAsync(string pattern, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes every entry of this namespace. Throws <see cref="UnauthorizedAccessException"/> and removes nothing when
    /// <paramref name="adminKey"/> is not the configured admin key, or when no admin key is configured.
    /// </summary>
    /// <returns>The number of entries removed.</returns>
    ValueTask<long> ClearAsync(string? adminKey, CancellationToken cancellationToken = default);

    /// <summary>A consistent snapshot of the counters.</summary>
    CacheStats GetStats();

    /// <summary>
    /// The hand-written copiers this manager copies mutable values with (its configuration's), so that a library over the
    /// cache can add the one for its type; null when the implementation takes none. The default is null.
    /// </summary>
    CacheValueCopiers? ValueCopiers => null;

    /// <summary>
    /// Counts a call that generated code sent to the provider uncached because a value could not be keyed
    /// (<see cref="CacheStats.Uncacheable"/>). The default does nothing, so other implementations need not count.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    void RecordUncacheable()
    {
    }

    /// <summary>
    /// Counts a call an integration sent to the provider without reading the cache, because its answer depends on state
    /// the provider keeps (<see cref="CacheStats.Bypasses"/>). The default does nothing, so other implementations need not count.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    void RecordBypass()
    {
    }
}
