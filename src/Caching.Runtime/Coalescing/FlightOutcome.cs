using System.Runtime.ExceptionServices;
using System.Threading.Tasks;

namespace Caching;

/// <summary>Where a flight's answer came from.</summary>
internal enum FlightSource
{
    /// <summary>The memory level had it after all (another flight had just stored it).</summary>
    Memory,

    /// <summary>The second level had it: one read for every caller of the flight.</summary>
    Distributed,

    /// <summary>The provider answered.</summary>
    Provider,

    /// <summary>The provider failed, or was slower than the soft timeout, and a stale answer stands in for it.</summary>
    Stale,
}

/// <summary>
/// What a flight hands each caller: the answer and where it came from, its lifetime when it was cached (for its age), and
/// for a stale answer what it stands in for (the failure, or the provider call still running), so that each caller can
/// refuse it by its own <see cref="CacheDirectives.StaleIfError"/>.
/// </summary>
internal sealed class FlightOutcome<T>(FlightSource source, T value, EntryLifetime lifetime, bool stored)
{
    public FlightSource Source { get; } = source;

    public T Value { get; } = value;

    public EntryLifetime Lifetime { get; } = lifetime;

    /// <summary>Whether the provider's answer was stored.</summary>
    public bool Stored { get; } = stored;

    /// <summary>For a stale answer: the provider's failure it stands in for, or null.</summary>
    public ExceptionDispatchInfo? Failure { get; init; }

    /// <summary>For a stale answer served at the soft timeout: the provider call that goes on, or null.</summary>
    public Task<T>? Pending { get; init; }
}
