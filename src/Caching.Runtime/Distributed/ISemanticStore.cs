using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Distributed;

/// <summary>
/// Where a second level keeps the semantic layer's vectors beside its entries, so that every instance finds an answer
/// another stored (Redis in the Caching.Redis package: one hash per partition, a field per entry key). Records are opaque
/// bytes. As <see cref="IDistributedLevel"/>, it handles its own faults: a call never throws for the store being down; a
/// read answers null then.
/// </summary>
public interface ISemanticStore
{
    /// <summary>Stores the record of <paramref name="key"/> in <paramref name="partition"/>, kept at least <paramref name="ttl"/>.</summary>
    ValueTask<bool> AddAsync(string partition, string key, ReadOnlyMemory<byte> record, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Every record of a partition; null when the store could not be read.</summary>
    ValueTask<IReadOnlyList<KeyValuePair<string, byte[]>>?> ReadAllAsync(string partition, CancellationToken cancellationToken);

    /// <summary>The records of some keys of a partition (keys without one are left out); null when the store could not be read.</summary>
    ValueTask<IReadOnlyList<KeyValuePair<string, byte[]>>?> ReadAsync(string partition, IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Removes the records of some keys of a partition.</summary>
    ValueTask RemoveAsync(string partition, IReadOnlyList<string> keys, CancellationToken cancellationToken);

    /// <summary>Removes, in every partition, the records whose keys match a glob pattern over logical keys.</summary>
    ValueTask InvalidateAsync(string pattern, CancellationToken cancellationToken);

    /// <summary>Removes every partition of the namespace.</summary>
    ValueTask ClearAsync(CancellationToken cancellationToken);
}
