using System;

namespace Caching.Semantic.Onnx;

/// <summary>
/// What the verifier sees of a pair of unit vectors: the per-dimension distance |u − v| and agreement u·v (each scaled
/// to about unit spread for MiniLM), and the cosine. The trainer and the judge share this one definition.
/// </summary>
internal static class VerifierFeatures
{
    private const float DistanceScale = 4f;
    private const float AgreementScale = 16f;

    public static int CountFor(int dimensions) => (2 * dimensions) + 1;

    public static void Write(ReadOnlySpan<float> query, ReadOnlySpan<float> candidate, double similarity, Span<float> features)
    {
        int dimensions = query.Length;
        for (int i = 0; i < dimensions; i++)
        {
            features[i] = MathF.Abs(query[i] - candidate[i]) * DistanceScale;
            features[dimensions + i] = query[i] * candidate[i] * AgreementScale;
        }

        features[2 * dimensions] = (float)((similarity - 0.8) * 10);
    }
}
