using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace Caching.Semantic;

/// <summary>
/// Every partition's vectors on this instance, within a byte budget: the index's bytes count against the memory level's
/// budget (so entries and vectors together stay under max_memory) and never exceed their own share of it, the oldest
/// vectors going first. Knows which partition holds a key, so that a removal or an invalidation finds its vectors.
/// </summary>
internal sealed class SemanticIndex
{
    private readonly ConcurrentDictionary<string, SemanticPartition> _partitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemanticPartition> _owners = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(SemanticPartition Partition, string Key)> _oldestFirst = new();
    private readonly ConcurrentDictionary<int, VectorSketch> _sketches = new();
    private readonly object _trimGate = new();
    private readonly MemoryBudget _budget;
    private readonly long _maxBytes;
    private long _bytes;

    public SemanticIndex(MemoryBudget budget, long maxBytes)
    {
        _budget = budget;
        _maxBytes = maxBytes;
    }

    public long Count => _owners.Count;

    public long Bytes => Interlocked.Read(ref _bytes);

    public VectorSketch SketchFor(int dimensions) => _sketches.GetOrAdd(dimensions, static d => new VectorSketch(d));

    /// <summary>The partition holding a key's vector on this instance, or null.</summary>
    public string? PartitionOf(string key) => _owners.TryGetValue(key, out SemanticPartition? owner) ? owner.Name : null;

    public SemanticPartition? Find(string partition) => _partitions.TryGetValue(partition, out SemanticPartition? found) ? found : null;

    public SemanticPartition GetOrAdd(string partition, int dimensions)
    {
        SemanticPartition found = _partitions.GetOrAdd(partition, static (name, d) => new SemanticPartition(name, d), dimensions);
        if (found.Dimensions != dimensions)
        {
            // The embedding model changed under a running index: the partition's vectors cannot be compared any more.
            Drop(found);
            found = _partitions.GetOrAdd(partition, static (name, d) => new SemanticPartition(name, d), dimensions);
        }

        return found;
    }

    /// <summary>Indexes a quantized vector under <paramref name="key"/> in <paramref name="partition"/>.</summary>
    public void Add(string partition, string key, ReadOnlySpan<sbyte> quantized, float scale)
    {
        SemanticPartition target = GetOrAdd(partition, quantized.Length);
        Span<float> restored = quantized.Length <= 4096 ? stackalloc float[quantized.Length] : new float[quantized.Length];
        QuantizedVector.Restore(quantized, QuantizedVector.InverseNorm(quantized), restored);
        Span<ulong> sketch = stackalloc ulong[VectorSketch.Words];
        SketchFor(quantized.Length).Sketch(restored, sketch);

        if (_owners.TryGetValue(key, out SemanticPartition? owner) && !ReferenceEquals(owner, target))
        {
            // A key belongs to one partition; a reused key moves.
            Release(owner.Remove(key));
        }

        long grown = target.Add(key, sketch, quantized, scale);
        if (grown == 0)
        {
            return;
        }

        _owners[key] = target;
        _oldestFirst.Enqueue((target, key));
        if (_oldestFirst.Count > (2 * _owners.Count) + 1024)
        {
            ForgetRemovedFromOrder();
        }

        Interlocked.Add(ref _bytes, grown);
        _budget.Add(grown);
        EvictOverShare();
    }

    /// <summary>Removes the vector of one key; true when there was one.</summary>
    public bool Remove(string key)
    {
        if (!_owners.TryRemove(key, out SemanticPartition? owner))
        {
            return false;
        }

        Release(owner.Remove(key));
        return true;
    }

    /// <summary>Removes the vectors whose keys match a pattern; returns the removed keys by partition.</summary>
    public List<(string Partition, string Key)> Invalidate(GlobPattern pattern)
    {
        var removed = new List<(string, string)>();
        foreach (SemanticPartition partition in _partitions.Values)
        {
            foreach (string key in partition.RemoveWhere(pattern.IsMatch))
            {
                if (_owners.TryRemove(new KeyValuePair<string, SemanticPartition>(key, partition)))
                {
                    Release(partition.BytesOf(key));
                }

                removed.Add((partition.Name, key));
            }
        }

        return removed;
    }

    /// <summary>Forgets every vector (a clear, or a resynchronization after which the shared store is read again).</summary>
    public void Clear()
    {
        foreach (SemanticPartition partition in _partitions.Values)
        {
            Drop(partition);
        }
    }

    /// <summary>Marks every partition to be read again from the shared store on its next lookup (changes may have been missed).</summary>
    public void MarkUnloaded()
    {
        foreach (SemanticPartition partition in _partitions.Values)
        {
            partition.Loaded = false;
        }
    }

    private void Drop(SemanticPartition partition)
    {
        if (!_partitions.TryRemove(new KeyValuePair<string, SemanticPartition>(partition.Name, partition)))
        {
            return;
        }

        foreach (string key in partition.RemoveWhere(static _ => true))
        {
            if (_owners.TryRemove(new KeyValuePair<string, SemanticPartition>(key, partition)))
            {
                Release(partition.BytesOf(key));
            }
        }
    }

    private void EvictOverShare()
    {
        while (Interlocked.Read(ref _bytes) > _maxBytes && _oldestFirst.TryDequeue(out (SemanticPartition Partition, string Key) oldest))
        {
            if (_owners.TryRemove(new KeyValuePair<string, SemanticPartition>(oldest.Key, oldest.Partition)))
            {
                Release(oldest.Partition.Remove(oldest.Key));
            }
        }
    }

    /// <summary>The eviction order keeps removed keys until they come up; when they outnumber the live ones, they go.</summary>
    private void ForgetRemovedFromOrder()
    {
        if (!Monitor.TryEnter(_trimGate))
        {
            return;
        }

        try
        {
            for (int pending = _oldestFirst.Count; pending > 0 && _oldestFirst.TryDequeue(out (SemanticPartition Partition, string Key) item); pending--)
            {
                if (_owners.TryGetValue(item.Key, out SemanticPartition? owner) && ReferenceEquals(owner, item.Partition))
                {
                    _oldestFirst.Enqueue(item);
                }
            }
        }
        finally
        {
            Monitor.Exit(_trimGate);
        }
    }

    private void Release(long bytes)
    {
        if (bytes != 0)
        {
            Interlocked.Add(ref _bytes, -bytes);
            _budget.Release(bytes);
        }
    }
}
