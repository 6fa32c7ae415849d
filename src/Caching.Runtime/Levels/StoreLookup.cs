namespace Caching;

/// <summary>The outcome of a read: a value, or nothing.</summary>
internal readonly struct StoreLookup<T>
{
    public static readonly StoreLookup<T> Miss;

    public StoreLookup(T value)
    {
        Found = true;
        Value = value;
    }

    public bool Found { get; }

    public T Value { get; }
}
