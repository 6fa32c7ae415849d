using System;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace Caching.Semantic;

/// <summary>
/// Vectors held as one signed byte per dimension with a scale (a quarter of the floats' size): the cosine of a query with
/// a held vector moves by about a thousandth, far under the margins a judge decides by.
/// </summary>
internal static class QuantizedVector
{
    /// <summary>Writes <paramref name="vector"/> into <paramref name="bytes"/>; returns the scale that turns them back.</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> bytes)
    {
        // MaxMagnitude keeps the sign of the element it finds.
        float largest = MathF.Abs(TensorPrimitives.MaxMagnitude(vector));
        float scale = largest > 0 ? largest / 127f : 1f;
        for (int i = 0; i < vector.Length; i++)
        {
            bytes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -127, 127);
        }

        return scale;
    }

    /// <summary>One over the length of the quantized vector (its bytes read as numbers): what turns it back to unit length.</summary>
    public static float InverseNorm(ReadOnlySpan<sbyte> bytes)
    {
        float sum = 0;
        foreach (sbyte value in bytes)
        {
            sum += value * value;
        }

        return sum > 0 ? 1f / MathF.Sqrt(sum) : 0f;
    }

    /// <summary>The unit vector a quantized vector stands for, given its <see cref="InverseNorm"/>.</summary>
    public static void Restore(ReadOnlySpan<sbyte> bytes, float inverseNorm, Span<float> vector)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            vector[i] = bytes[i] * inverseNorm;
        }
    }

    /// <summary>The dot product of a quantized vector's bytes (read as numbers) with a float vector, 32 bytes at a time.</summary>
    public static float Dot(ReadOnlySpan<sbyte> bytes, ReadOnlySpan<float> vector)
    {
        int i = 0;
        float sum = 0;
        if (Vector256.IsHardwareAccelerated && bytes.Length >= Vector256<sbyte>.Count)
        {
            Vector256<float> total = Vector256<float>.Zero;
            for (; i <= bytes.Length - Vector256<sbyte>.Count; i += Vector256<sbyte>.Count)
            {
                (Vector256<short> low, Vector256<short> high) = Vector256.Widen(Vector256.Create(bytes.Slice(i, Vector256<sbyte>.Count)));
                (Vector256<int> a, Vector256<int> b) = Vector256.Widen(low);
                (Vector256<int> c, Vector256<int> d) = Vector256.Widen(high);
                total += Vector256.ConvertToSingle(a) * Vector256.Create(vector.Slice(i, 8));
                total += Vector256.ConvertToSingle(b) * Vector256.Create(vector.Slice(i + 8, 8));
                total += Vector256.ConvertToSingle(c) * Vector256.Create(vector.Slice(i + 16, 8));
                total += Vector256.ConvertToSingle(d) * Vector256.Create(vector.Slice(i + 24, 8));
            }

            sum = Vector256.Sum(total);
        }

        for (; i < bytes.Length; i++)
        {
            sum += bytes[i] * vector[i];
        }

        return sum;
    }

    /// <summary>Scales <paramref name="vector"/> to unit length in place; false for a zero or non-finite vector.</summary>
    public static bool TryNormalize(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        if (!(norm > 0) || !float.IsFinite(norm))
        {
            return false;
        }

        TensorPrimitives.Divide(vector, norm, vector);
        return true;
    }
}
