namespace Caching;

/// <summary>A removal, invalidation or clear made while Redis was unreachable, replayed before Redis serves again.</summary>
internal sealed record PendingInvalidation(PendingInvalidationKind Kind, string Argument);

/// <summary>What a pending invalidation removes.</summary>
internal enum PendingInvalidationKind
{
    Key,
    Pattern,
}
