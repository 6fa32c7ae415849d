using System;

namespace Caching;

/// <summary>
/// What a semantic lookup compares: the free text of a call, within its partition (the call's exact key with the text left
/// out, so that only calls equal in everything else can share an answer).
/// </summary>
public readonly record struct SemanticQuery
{
    /// <summary>A query for <paramref name="text"/> within <paramref name="partition"/>.</summary>
    public SemanticQuery(string partition, string text)
    {
        ArgumentNullException.ThrowIfNull(partition);
        ArgumentNullException.ThrowIfNull(text);
        Partition = partition;
        Text = text;
    }

    /// <summary>The key of the call without its free text.</summary>
    public string Partition { get; }

    /// <summary>The free text, as the caller wrote it.</summary>
    public string Text { get; }
}
