using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Caching;

/// <summary>
/// A counter that threads increment without fighting over one cache line: each thread adds to one of several padded
/// cells and a read sums them (the idea of Java's LongAdder and BitFaster's striped counters).
/// </summary>
internal sealed class StripedCounter
{
    private readonly PaddedLong[] _cells = new PaddedLong[CellCount];

    private static int CellCount { get; } = (int)Math.Min(64, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Environment.ProcessorCount * 2));

    public void Increment() => Interlocked.Increment(ref _cells[Environment.CurrentManagedThreadId & (_cells.Length - 1)].Value);

    public void Add(long amount) => Interlocked.Add(ref _cells[Environment.CurrentManagedThreadId & (_cells.Length - 1)].Value, amount);

    public long Sum()
    {
        long sum = 0;
        for (int i = 0; i < _cells.Length; i++)
        {
            sum += Volatile.Read(ref _cells[i].Value);
        }

        return sum;
    }

    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct PaddedLong
    {
        [FieldOffset(64)]
        public long Value;
    }
}
