namespace Caching;

/// <summary>The outcome of a memory read, reported rather than thrown so that a hit needs no exception handling.</summary>
internal enum MemoryRead
{
    Miss,
    Hit,
    WrongType,
    Unreadable,
}
