using System;
using System.ComponentModel;
using System.Threading;

namespace Caching;

/// <summary>
/// An ambient scope for one unit of work (an HTTP request, say) that tells the cache how to treat the calls made in it
/// and records what it did, so that a gateway can answer <c>x-cache: HIT</c> and <c>Age</c> without knowing how the
/// call was cached.
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

    private CacheCallContext(CacheDirectives directives, string? tenant, CacheCallContext? outer)
    {
        Directives = directives;
        Tenant = tenant ?? outer?.Tenant;
        _outer = outer;
    }

    /// <summary>The innermost scope of the current async flow, or null.</summary>
    public static CacheCallContext? Current => CurrentScope.Value;

    /// <summary>What calls in this scope ask of the cache.</summary>
    public CacheDirectives Directives { get; }

    /// <summary>
    /// Who the calls in this scope are made for (a gateway's tenant): a label on the cache's traces, nothing more. It does
    /// not keep answers apart; a <c>[CacheScope]</c> does.
    /// </summary>
    public string? Tenant { get; }

    /// <summary>How calls in this scope treat the cache.</summary>
    public CacheReadMode Mode => Directives.Mode;

    /// <summary>What the cache did for the last cached call in this scope.</summary>
    public CacheOutcome Outcome { get; private set; }

    /// <summary>The logical key of the last cached call in this scope.</summary>
    public string? Key { get; private set; }

    /// <summary>How old a cached answer (a hit, or a stale answer) was: the time since the provider gave it; null otherwise.</summary>
    public TimeSpan? Age { get; private set; }

    /// <summary>Whether the provider's answer to the last call was stored (false for hits, bypasses and answers not kept).</summary>
    public bool Stored { get; private set; }

    /// <summary>Whether the cache held an answer that was older than <see cref="CacheDirectives.MaxAge"/>, so the provider was asked.</summary>
    public bool SkippedOlderAnswer { get; private set; }

    /// <summary>For a semantic hit: the cosine similarity of the call's text to the text the answer was cached for; null otherwise.</summary>
    public double? Similarity { get; private set; }

    /// <summary>For a semantic hit: the key of the cached answer that was served; null otherwise.</summary>
    public string? MatchedKey { get; private set; }

    /// <summary>Starts a scope; dispose it to restore the previous one.</summary>
    public static CacheCallContext Begin(CacheReadMode mode = CacheReadMode.Normal) => Begin(new CacheDirectives { Mode = mode });

    /// <summary>Starts a scope with request directives; dispose it to restore the previous one.</summary>
    public static CacheCallContext Begin(CacheDirectives directives) => Begin(directives, tenant: null);

    /// <summary>Starts a scope with request directives, for a tenant (a label on traces); dispose it to restore the previous one.</summary>
    public static CacheCallContext Begin(CacheDirectives directives, string? tenant)
    {
        var scope = new CacheCallContext(directives, tenant, CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Records what the cache did; called by the cache manager.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void Record(CacheOutcome outcome, string key)
    {
        Outcome = outcome;
        Key = key;
        Age = null;
        Stored = false;
        SkippedOlderAnswer = false;
        Similarity = null;
        MatchedKey = null;
    }

    /// <summary>Records a hit on an answer of the given age; called by the cache manager.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void RecordHit(string key, TimeSpan age)
    {
        Record(CacheOutcome.Hit, key);
        Age = age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }

    /// <summary>Records a stale answer served in place of a failed provider call; called by the cache manager.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void RecordStale(string key, TimeSpan age)
    {
        Record(CacheOutcome.Stale, key);
        Age = age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }

    /// <summary>Records an answer cached for another wording of the call's text; called by the cache manager.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void RecordSemanticHit(string key, string matchedKey, double similarity, TimeSpan age)
    {
        Record(CacheOutcome.SemanticHit, key);
        Age = age < TimeSpan.Zero ? TimeSpan.Zero : age;
        MatchedKey = matchedKey;
        Similarity = similarity;
    }

    /// <summary>Records that the provider's answer was stored; called by the cache manager.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void RecordStored() => Stored = true;

    /// <summary>Records a miss because the cached answer was older than <see cref="CacheDirectives.MaxAge"/>; called by the cache manager.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public void RecordOlderAnswerSkipped(string key)
    {
        Record(CacheOutcome.Miss, key);
        SkippedOlderAnswer = true;
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
