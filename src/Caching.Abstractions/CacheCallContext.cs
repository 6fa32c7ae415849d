using System;
using System.Threading;

namespace Caching;

/// <summary>What a caller asks of the cache for the calls it makes inside a <see cref="CacheCallContext"/> scope.</summary>
public enum CacheReadMode
{
    /// <summary>Read the cache; on a miss call the provider and store its answer.</summary>
    Normal,

    /// <summary>Skip the read and call the provider; store the fresh answer (HTTP <c>Cache-Control: no-cache</c>).</summary>
    Refresh,

    /// <summary>Skip the read and the write: the cache is not involved (HTTP <c>Cache-Control: no-store</c>).</summary>
    NoStore,
}

/// <summary>What the cache did for a call.</summary>
public enum CacheOutcome
{
    /// <summary>No cached call ran in the scope (for example the call could not be keyed).</summary>
    None,

    /// <summary>The answer came from the cache.</summary>
    Hit,

    /// <summary>The provider was called (or a concurrent identical call was joined) and its answer stored.</summary>
    Miss,

    /// <summary>The read was skipped by the scope's <see cref="CacheReadMode"/>.</summary>
    Bypass,
}

/// <summary>
/// An ambient scope for one unit of work (an HTTP request, say) that tells the cache how to treat the calls made in it
/// and records what it did, so that a gateway can answer <c>x-cache: HIT</c> without knowing how the call was cached.
/// </summary>
/// <example>
/// <code>
/// using CacheCallContext call = CacheCallContext.Begin(CacheReadMode.Normal);
/// var answer = await cachedProvider.CompleteAsync(request);
/// response.Headers["x-cache"] = call.Outcome.ToString().ToUpperInvariant();
/// </code>
/// </example>
public sealed class CacheCallContext : IDisposable
{
    private static readonly AsyncLocal<CacheCallContext?> CurrentScope = new();
    private readonly CacheCallContext? _outer;

    private CacheCallContext(CacheReadMode mode, CacheCallContext? outer)
    {
        Mode = mode;
        _outer = outer;
    }

    /// <summary>The innermost scope of the current async flow, or null.</summary>
    public static CacheCallContext? Current => CurrentScope.Value;

    /// <summary>How calls in this scope treat the cache.</summary>
    public CacheReadMode Mode { get; }

    /// <summary>What the cache did for the last cached call in this scope.</summary>
    public CacheOutcome Outcome { get; private set; }

    /// <summary>The logical key of the last cached call in this scope.</summary>
    public string? Key { get; private set; }

    /// <summary>Starts a scope; dispose it to restore the previous one.</summary>
    public static CacheCallContext Begin(CacheReadMode mode = CacheReadMode.Normal)
    {
        var scope = new CacheCallContext(mode, CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Records what the cache did; called by the cache manager.</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public void Record(CacheOutcome outcome, string key)
    {
        Outcome = outcome;
        Key = key;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (ReferenceEquals(CurrentScope.Value, this))
        {
            CurrentScope.Value = _outer;
        }
    }
}
