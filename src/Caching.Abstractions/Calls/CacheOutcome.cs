namespace Caching;

/// <summary>What the cache did for a call.</summary>
public enum CacheOutcome
{
    /// <summary>No cached call ran in the scope (for example the call could not be keyed).</summary>
    None,

    /// <summary>The answer came from the cache.</summary>
    Hit,

    /// <summary>The provider was called (or a concurrent identical call was joined).</summary>
    Miss,

    /// <summary>The read was skipped by the scope's <see cref="CacheReadMode"/>.</summary>
    Bypass,

    /// <summary>
    /// The provider failed (or, with a soft timeout, was too slow) and a stale answer was served in its place; a client
    /// must be told (a gateway answers <c>x-cache: STALE</c>).
    /// </summary>
    Stale,

    /// <summary>
    /// The answer was cached for another wording of the call's free text (<see cref="SemanticQuery"/>), everything else
    /// equal; a client must be told (a gateway answers <c>x-cache: SEMANTIC-HIT</c> with the similarity).
    /// </summary>
    SemanticHit,
}
