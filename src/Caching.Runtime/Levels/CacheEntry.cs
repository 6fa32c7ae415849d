using System;

namespace Caching;

/// <summary>One cached value with its bookkeeping.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The value (a private copy when the type is mutable).</param>
/// <param name="Created">When it was stored.</param>
/// <param name="Expires">When it stops being served.</param>
/// <param name="SizeBytes">Its payload size: the serialized size, or the raw size of strings and primitive arrays.</param>
internal sealed record CacheEntry<T>(T Value, DateTimeOffset Created, DateTimeOffset Expires, long SizeBytes);
