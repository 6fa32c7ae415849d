using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace Caching.Semantic;

/// <summary>
/// A 128-bit sign sketch of a vector (random-hyperplane hashing): two vectors at angle θ differ in about θ/π of the bits,
/// so the Hamming distance of two sketches ranks candidates by similarity at two popcounts each. The planes come from a
/// fixed seed, so every instance sketches alike; sketches are never stored, only recomputed from vectors.
/// </summary>
internal sealed class VectorSketch
{
    public const int Words = 2;

    private const int Bits = Words * 64;

    private readonly float[] _planes;

    public VectorSketch(int dimensions)
    {
        Dimensions = dimensions;
        _planes = new float[Bits * dimensions];
        ulong state = 0x9E3779B97F4A7C15UL ^ (ulong)dimensions;
        for (int i = 0; i < _planes.Length; i += 2)
        {
            // Box-Muller over a fixed xorshift stream: Gaussian planes, the same on every machine.
            double u1 = (Next(ref state) >> 11) * (1.0 / (1UL << 53)) + 1e-12;
            double u2 = (Next(ref state) >> 11) * (1.0 / (1UL << 53));
            double radius = Math.Sqrt(-2 * Math.Log(u1));
            _planes[i] = (float)(radius * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < _planes.Length)
            {
                _planes[i + 1] = (float)(radius * Math.Sin(2 * Math.PI * u2));
            }
        }
    }

    public int Dimensions { get; }

    public void Sketch(ReadOnlySpan<float> vector, Span<ulong> bits)
    {
        bits[..Words].Clear();
        for (int bit = 0; bit < Bits; bit++)
        {
            if (TensorPrimitives.Dot(_planes.AsSpan(bit * Dimensions, Dimensions), vector) >= 0)
            {
                bits[bit >> 6] |= 1UL << (bit & 63);
            }
        }
    }

    public static int Distance(ReadOnlySpan<ulong> sketches, int slot, ulong query0, ulong query1) =>
        BitOperations.PopCount(sketches[slot * Words] ^ query0) + BitOperations.PopCount(sketches[(slot * Words) + 1] ^ query1);

    private static ulong Next(ref ulong state)
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
}
