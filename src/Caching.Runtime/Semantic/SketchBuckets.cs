using System;
using System.Threading;

namespace Caching.Semantic;

/// <summary>
/// The slots of a partition filed by each byte of their sketch: sixteen tables of 256 buckets. A query visits the sixteen
/// buckets its own sketch bytes name, so it meets only entries that agree with it on all eight bits of some byte: nearly
/// every entry at a cosine of 0.9 or more (each byte agrees with a probability of about 0.29, so all sixteen differ
/// for fewer than 1 in 200), and about one in a hundred unrelated ones. Appends take the partition's lock; a reader sees
/// each bucket's array and count as published, count last.
/// </summary>
internal sealed class SketchBuckets
{
    public const int Tables = VectorSketch.Words * sizeof(ulong);

    private const int BucketsPerTable = 256;

    private readonly int[][] _slots = new int[Tables * BucketsPerTable][];
    private readonly int[] _counts = new int[Tables * BucketsPerTable];

    public SketchBuckets()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i] = [];
        }
    }

    /// <summary>Files a slot under each byte of its sketch; the caller holds the partition's lock.</summary>
    public void Add(int slot, ReadOnlySpan<ulong> sketch)
    {
        for (int table = 0; table < Tables; table++)
        {
            int bucket = (table * BucketsPerTable) + ByteOf(sketch, table);
            int count = _counts[bucket];
            int[] items = _slots[bucket];
            if (count == items.Length)
            {
                int[] grown = new int[Math.Max(4, items.Length * 2)];
                items.CopyTo(grown, 0);
                Volatile.Write(ref _slots[bucket], grown);
                items = grown;
            }

            items[count] = slot;
            Volatile.Write(ref _counts[bucket], count + 1);
        }
    }

    /// <summary>The slots filed in one table's bucket for the query's byte of that table.</summary>
    public ReadOnlySpan<int> Bucket(int table, ReadOnlySpan<ulong> querySketch)
    {
        int bucket = (table * BucketsPerTable) + ByteOf(querySketch, table);
        int count = Volatile.Read(ref _counts[bucket]);
        return Volatile.Read(ref _slots[bucket]).AsSpan(0, count);
    }

    private static int ByteOf(ReadOnlySpan<ulong> sketch, int table) => (int)((sketch[table >> 3] >> ((table & 7) * 8)) & 0xFF);
}
