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
    public const int ScoredCandidates = 16;

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
            vector.CopyTo(slots.Vectors.AsSpan(slot * Dimensions, Dimensions));
            slots.Scales[slot] = scale;
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
    /// The entries nearest the query, most similar first, down to <paramref name="floor"/>: a sketch scan of every slot keeps
    /// the <see cref="ScoredCandidates"/> nearest, whose quantized vectors are then scored exactly. Each candidate's vector,
    /// restored to unit length, is written to <paramref name="candidateVectors"/> at its index times the dimensions.
    /// </summary>
    public int Find(ReadOnlySpan<float> query, ReadOnlySpan<ulong> querySketch, double floor, Span<SemanticCandidate> candidates, Span<float> candidateVectors)
    {
        Slots slots = _slots;
        int count = Volatile.Read(ref slots.Count);
        Span<int> nearest = stackalloc int[ScoredCandidates];
        Span<int> distances = stackalloc int[ScoredCandidates];
        int kept = 0;
        int worst = int.MaxValue;
        ulong q0 = querySketch[0], q1 = querySketch[1];
        ReadOnlySpan<ulong> sketches = slots.Sketches;
        string?[] keys = slots.Keys;
        for (int slot = 0; slot < count; slot++)
        {
            int distance = VectorSketch.Distance(sketches, slot, q0, q1);
            if (distance >= worst && kept == ScoredCandidates)
            {
                continue;
            }

            if (Volatile.Read(ref keys[slot]) is null)
            {
                continue;
            }

            // Insertion into the short sorted list of the nearest so far.
            int at = kept < ScoredCandidates ? kept++ : ScoredCandidates - 1;
            while (at > 0 && distances[at - 1] > distance)
            {
                distances[at] = distances[at - 1];
                nearest[at] = nearest[at - 1];
                at--;
            }

            distances[at] = distance;
            nearest[at] = slot;
            worst = kept == ScoredCandidates ? distances[ScoredCandidates - 1] : int.MaxValue;
        }

        int found = 0;
        Span<float> restored = stackalloc float[Dimensions];
        for (int i = 0; i < kept && found < candidates.Length; i++)
        {
            int slot = nearest[i];
            string? key = Volatile.Read(ref keys[slot]);
            if (key is null)
            {
                continue;
            }

            QuantizedVector.Restore(slots.Vectors.AsSpan(slot * Dimensions, Dimensions), slots.Scales[slot], restored);
            double similarity = TensorPrimitives.Dot(query, restored);
            if (similarity < floor)
            {
                continue;
            }

            // Kept sorted by similarity, most similar first.
            int at = found++;
            while (at > 0 && candidates[at - 1].Similarity < similarity)
            {
                candidates[at] = candidates[at - 1];
                candidateVectors.Slice((at - 1) * Dimensions, Dimensions).CopyTo(candidateVectors.Slice(at * Dimensions, Dimensions));
                at--;
            }

            candidates[at] = new SemanticCandidate(key, similarity);
            restored.CopyTo(candidateVectors.Slice(at * Dimensions, Dimensions));
        }

        return found;
    }

    /// <summary>The bytes one entry holds: its quantized vector, sketch, scale, slot, map entry and key.</summary>
    public long BytesOf(string key) => Dimensions + (VectorSketch.Words * sizeof(ulong)) + sizeof(float) + 48 + 22 + (2L * key.Length);

    private Slots Grow(Slots old)
    {
        var grown = new Slots(Math.Max(InitialCapacity, old.Capacity * 2), Dimensions);
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
            to.Keys[next] = key;
            if (remap)
            {
                _slotOf[key] = next;
            }

            next++;
        }

        to.Count = next;
    }

    /// <summary>One generation of the arrays; a search holds the one it started with.</summary>
    private sealed class Slots(int capacity, int dimensions)
    {
        public readonly ulong[] Sketches = new ulong[capacity * VectorSketch.Words];
        public readonly sbyte[] Vectors = new sbyte[capacity * dimensions];
        public readonly float[] Scales = new float[capacity];
        public readonly string?[] Keys = new string?[capacity];
        public int Count;

        public int Capacity => Scales.Length;
    }
}
