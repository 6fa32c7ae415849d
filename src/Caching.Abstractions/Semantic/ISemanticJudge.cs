using System;

namespace Caching;

/// <summary>
/// Decides whether a cached answer may stand for a new query: scores a candidate the index found (by cosine similarity of
/// the two texts' embeddings). The layer serves the best-scored candidate at or over the threshold. A judge is tied to the
/// embedding model its scores were measured with, and is deterministic: the same two vectors always get the same score.
/// </summary>
public interface ISemanticJudge
{
    /// <summary>A short name for logs and reports, for example "cosine" or "minilm-verifier-1".</summary>
    string Name { get; }

    /// <summary>The score at or over which a candidate is served, when the configuration sets none.</summary>
    double DefaultThreshold { get; }

    /// <summary>
    /// The cosine similarity under which candidates are not scored, when candidates are served at <paramref name="threshold"/>;
    /// a candidate scored and refused is a near miss.
    /// </summary>
    double CandidateFloor(double threshold);

    /// <summary>The score of <paramref name="candidate"/> for <paramref name="query"/>; both vectors are unit length.</summary>
    double Score(ReadOnlySpan<float> query, ReadOnlySpan<float> candidate, double similarity);
}
