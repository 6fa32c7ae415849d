namespace Caching;

/// <summary>
/// What a factory of <see cref="ICacheManager.GetOrCreateAsync{TState, T}(string, TState, System.Func{TState, CacheFactoryContext, System.Threading.CancellationToken, System.Threading.Tasks.ValueTask{T}}, CacheEntryOptions?, System.Threading.CancellationToken)"/>
/// can tell the cache about the answer it returns.
/// </summary>
public sealed class CacheFactoryContext
{
    /// <summary>Whether <see cref="DoNotStore"/> was called.</summary>
    public bool StoreRefused { get; private set; }

    /// <summary>
    /// The answer is returned to every caller waiting for it but not stored (a content-filtered answer, say), so the next
    /// call asks the provider again. Not a failure: nothing stale is served in its place.
    /// </summary>
    public void DoNotStore() => StoreRefused = true;
}
