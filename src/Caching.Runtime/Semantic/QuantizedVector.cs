using System;
using System.Numerics.Tensors;

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

    /// <summary>The floats a quantized vector stands for, normalized to unit length.</summary>
    public static void Restore(ReadOnlySpan<sbyte> bytes, float scale, Span<float> vector)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            vector[i] = bytes[i] * scale;
        }

        float norm = TensorPrimitives.Norm(vector[..bytes.Length]);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector[..bytes.Length], norm, vector);
        }
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
