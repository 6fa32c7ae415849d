using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Threading;

namespace Caching.Semantic;

/// <summary>
/// The vectors of one partition, in contiguous arrays: sketches, quantized vectors, scales and keys. A search
/// takes no lock: it reads the arrays published last and the count written after each slot was filled. Writers take the
/// partition's lock; a removed slot is emptied of its key and the arrays are compacted when most slots are empty.
/// </summary>
internal sealed class SemanticPartition
{
    /// <summary>How many entries the sketch scan keeps for exact scoring.</summary>
    public const int ScoredCandidates = 8;

    /// <summary>Up to this many entries a search reads every sketch; beyond, only those its buckets name.</summary>
    public const int FullScanLimit = 1024;

    private const int InitialCapacity = 16;

    private readonly object _gate = new();
    private readonly Dictionary<string, int> _slotOf = new(StringComparer.Ordinal);
    private volatile Slots _slots;

    public SemanticPartition(string name, int dimensions)
    {
        Name = name;
        Dimensions = dimensions;
        _slots = new Slots(0, dimensions);
    }

    public string Name { get; }

    public int Dimensions { get; }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _slotOf.Count;
            }
        }
    }

    /// <summary>Whether the shared store's vectors of this partition were read (always true without one).</summary>
    public bool Loaded { get; set; }

    /// <summary>When the shared store's vectors were last read in full (<see cref="TimeProvider"/> ticks).</summary>
    public long LoadedAtTicks { get; set; }

    /// <summary>Keys other instances indexed here since, announced by the backplane, whose vectors are still to be read.</summary>
    public ConcurrentQueue<string> Announced { get; } = new();

    /// <summary>
    /// Adds the vector of <paramref name="key"/>; returns the bytes the partition grew by (zero when the key was here: the
    /// same key is the same text, so the same vector). Vectors do not expire: whether an entry is fresh is read from the
    /// entry itself when it is a candidate, and a candidate whose entry is gone is removed then.
    /// </summary>
    public long Add(string key, ReadOnlySpan<ulong> sketch, ReadOnlySpan<sbyte> vector, float scale)
    {
        lock (_gate)
        {
            Slots slots = _slots;
            if (_slotOf.ContainsKey(key))
            {
                return 0;
            }

            int slot = slots.Count;
            if (slot == slots.Capacity)
            {
                slots = Grow(slots);
                slot = slots.Count;
            }

            sketch[..VectorSketch.Words].CopyTo(slots.Sketches.AsSpan(slot * VectorSketch.Words));
            slots.Buckets.Add(slot, sketch);
            vector.CopyTo(slots.Vectors.AsSpan(slot * Dimensions, Dimensions));
            slots.Scales[slot] = scale;
            slots.InverseNorms[slot] = QuantizedVector.InverseNorm(vector);
            slots.Keys[slot] = key;
            Volatile.Write(ref slots.Count, slot + 1);
            if (!ReferenceEquals(slots, _slots))
            {
                _slots = slots;
            }

            _slotOf[key] = slot;
            return BytesOf(key);
        }
    }

    /// <summary>Removes the vector of <paramref name="key"/>; returns the bytes freed (zero when it was not here).</summary>
    public long Remove(string key)
    {
        lock (_gate)
        {
            if (!_slotOf.Remove(key, out int slot))
            {
                return 0;
            }

            Volatile.Write(ref _slots.Keys[slot], null);
            CompactIfSparse();
            return BytesOf(key);
        }
    }

    /// <summary>Removes every vector whose key <paramref name="matches"/>; returns the keys removed.</summary>
    public List<string> RemoveWhere(Func<string, bool> matches)
    {
        var removed = new List<string>();
        lock (_gate)
        {
            foreach (KeyValuePair<string, int> entry in _slotOf)
            {
                if (matches(entry.Key))
                {
                    removed.Add(entry.Key);
                }
            }

            foreach (string key in removed)
            {
                _slotOf.Remove(key, out int slot);
                Volatile.Write(ref _slots.Keys[slot], null);
            }

            CompactIfSparse();
        }

        return removed;
    }

    /// <summary>
    /// The entries nearest the query, most similar first, down to <paramref name="floor"/>: of the slots the query's sketch
    /// buckets name (every slot, in a small partition), the <see cref="ScoredCandidates"/> nearest by sketch are scored
    /// exactly on their quantized vectors. Each candidate's vector,
    /// restored to unit length, is written to <paramref name="candidateVectors"/> at its index times the dimensions.
    /// </summary>
    public int Find(ReadOnlySpan<float> query, ReadOnlySpan<ulong> querySketch, double floor, Span<SemanticCandidate> candidates, Span<float> candidateVectors)
    {
        Slots slots = _slots;
        int count = Volatile.Read(ref slots.Count);
        Span<int> nearest = stackalloc int[ScoredCandidates];
        Span<int> distances = stackalloc int[ScoredCandidates];
        ulong q0 = querySketch[0], q1 = querySketch[1];
        ReadOnlySpan<ulong> sketches = slots.Sketches;
        string?[] keys = slots.Keys;
        var nearestSoFar = new NearestSketches(nearest, distances, keys);
        if (count <= FullScanLimit)
        {
            for (int slot = 0; slot < count; slot++)
            {
                nearestSoFar.Offer(slot, VectorSketch.Distance(sketches, slot, q0, q1));
            }
        }
        else
        {
            // A slot filed under several of the query's bytes is offered once: a bit per slot marks it.
            int words = (count + 63) / 64;
            ulong[]? rented = words > 1024 ? System.Buffers.ArrayPool<ulong>.Shared.Rent(words) : null;
            Span<ulong> seen = rented is null ? stackalloc ulong[words] : rented.AsSpan(0, words);
            seen.Clear();
            for (int table = 0; table < SketchBuckets.Tables; table++)
            {
                foreach (int slot in slots.Buckets.Bucket(table, querySketch))
                {
                    if (slot >= count)
                    {
                        // Filed after this search began.
                        continue;
                    }

                    ref ulong word = ref seen[slot >> 6];
                    ulong bit = 1UL << (slot & 63);
                    if ((word & bit) != 0)
                    {
                        continue;
                    }

                    word |= bit;
                    nearestSoFar.Offer(slot, VectorSketch.Distance(sketches, slot, q0, q1));
                }
            }

            if (rented is not null)
            {
                System.Buffers.ArrayPool<ulong>.Shared.Return(rented);
            }
        }

        int kept = nearestSoFar.Kept;

        // The nearest by sketch are scored exactly on their quantized vectors; only those over the floor are restored.
        int found = 0;
        Span<int> foundSlots = stackalloc int[candidates.Length];
        for (int i = 0; i < kept; i++)
        {
            int slot = nearest[i];
            string? key = Volatile.Read(ref keys[slot]);
            if (key is null)
            {
                continue;
            }

            double similarity = QuantizedVector.Dot(slots.Vectors.AsSpan(slot * Dimensions, Dimensions), query) * slots.InverseNorms[slot];
            if (similarity < floor || (found == candidates.Length && similarity <= candidates[found - 1].Similarity))
            {
                continue;
            }

            // Kept sorted by similarity, most similar first.
            int at = found < candidates.Length ? found++ : found - 1;
            while (at > 0 && candidates[at - 1].Similarity < similarity)
            {
                candidates[at] = candidates[at - 1];
                foundSlots[at] = foundSlots[at - 1];
                at--;
            }

            candidates[at] = new SemanticCandidate(key, similarity);
            foundSlots[at] = slot;
        }

        for (int i = 0; i < found; i++)
        {
            int slot = foundSlots[i];
            QuantizedVector.Restore(slots.Vectors.AsSpan(slot * Dimensions, Dimensions), slots.InverseNorms[slot], candidateVectors.Slice(i * Dimensions, Dimensions));
        }

        return found;
    }

    /// <summary>The bytes one entry holds: its quantized vector, sketch, scale and norm, slot, map entry and key.</summary>
    public long BytesOf(string key) => Dimensions + (VectorSketch.Words * sizeof(ulong)) + (2 * sizeof(float)) + 48 + 22 + (2L * key.Length);

    private Slots Grow(Slots old)
    {
        // Slot numbers stay, so the buckets carry over as they are.
        var grown = new Slots(Math.Max(InitialCapacity, old.Capacity * 2), Dimensions) { Buckets = old.Buckets };
        CopyLive(old, grown, remap: false);
        return grown;
    }

    private void CompactIfSparse()
    {
        Slots slots = _slots;
        int dead = slots.Count - _slotOf.Count;
        if (dead <= InitialCapacity || dead <= _slotOf.Count)
        {
            return;
        }

        var compacted = new Slots(Math.Max(InitialCapacity, _slotOf.Count * 2), Dimensions);
        CopyLive(slots, compacted, remap: true);
        _slots = compacted;
    }

    private void CopyLive(Slots from, Slots to, bool remap)
    {
        int next = 0;
        for (int slot = 0; slot < from.Count; slot++)
        {
            if (from.Keys[slot] is not { } key)
            {
                if (!remap)
                {
                    // Growing keeps slot numbers (the map still points at them); an empty slot stays empty.
                    next++;
                }

                continue;
            }

            from.Sketches.AsSpan(slot * VectorSketch.Words, VectorSketch.Words).CopyTo(to.Sketches.AsSpan(next * VectorSketch.Words));
            from.Vectors.AsSpan(slot * Dimensions, Dimensions).CopyTo(to.Vectors.AsSpan(next * Dimensions));
            to.Scales[next] = from.Scales[slot];
            to.InverseNorms[next] = from.InverseNorms[slot];
            to.Keys[next] = key;
            if (remap)
            {
                _slotOf[key] = next;
                to.Buckets.Add(next, from.Sketches.AsSpan(slot * VectorSketch.Words, VectorSketch.Words));
            }

            next++;
        }

        to.Count = next;
    }

    /// <summary>The few slots nearest a query by sketch so far, sorted, that a search keeps for exact scoring.</summary>
    private ref struct NearestSketches(Span<int> slots, Span<int> distances, string?[] keys)
    {
        private readonly Span<int> _slots = slots;
        private readonly Span<int> _distances = distances;
        private int _worst = int.MaxValue;

        public int Kept { get; private set; }

        public void Offer(int slot, int distance)
        {
            if ((distance >= _worst && Kept == _slots.Length) || Volatile.Read(ref keys[slot]) is null)
            {
                return;
            }

            int at = Kept < _slots.Length ? Kept++ : _slots.Length - 1;
            while (at > 0 && _distances[at - 1] > distance)
            {
                _distances[at] = _distances[at - 1];
                _slots[at] = _slots[at - 1];
                at--;
            }

            _distances[at] = distance;
            _slots[at] = slot;
            _worst = Kept == _slots.Length ? _distances[^1] : int.MaxValue;
        }
    }

    /// <summary>One generation of the arrays; a search holds the one it started with.</summary>
    private sealed class Slots(int capacity, int dimensions)
    {
        public readonly ulong[] Sketches = new ulong[capacity * VectorSketch.Words];
        public readonly sbyte[] Vectors = new sbyte[capacity * dimensions];
        public readonly float[] Scales = new float[capacity];
        public readonly float[] InverseNorms = new float[capacity];
        public readonly string?[] Keys = new string?[capacity];
        public SketchBuckets Buckets = new();
        public int Count;

        public int Capacity => Scales.Length;
    }
}
