using System;

namespace Caching;

/// <summary>
/// The judge every other semantic cache uses: the cosine similarity itself against a static threshold. The default for an
/// embedding model without a judge of its own; measure its threshold on labelled pairs before trusting it.
/// </summary>
public sealed class CosineJudge : ISemanticJudge
{
    /// <summary>A judge serving candidates at or over <paramref name="defaultThreshold"/>.</summary>
    public CosineJudge(double defaultThreshold = 0.96)
    {
        if (defaultThreshold is <= 0 or > 1 || double.IsNaN(defaultThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(defaultThreshold), defaultThreshold, "A cosine threshold is in (0, 1].");
        }

        DefaultThreshold = defaultThreshold;
    }

    /// <inheritdoc />
    public string Name => "cosine";

    /// <inheritdoc />
    public double DefaultThreshold { get; }

    /// <inheritdoc />
    /// <remarks>Five hundredths under the threshold: what is scored and refused there is counted as a near miss.</remarks>
    public double CandidateFloor(double threshold) => threshold - 0.05;

    /// <inheritdoc />
    public double Score(ReadOnlySpan<float> query, ReadOnlySpan<float> candidate, double similarity) => similarity;
}
