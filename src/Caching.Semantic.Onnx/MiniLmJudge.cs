using System;
using System.IO;

namespace Caching.Semantic.Onnx;

/// <summary>
/// The judge measured for <see cref="LocalEmbeddingGenerator"/>: a small network (one hidden layer of 32) trained on
/// 16,000 labelled Quora question pairs reads the two vectors dimension by dimension (how far apart, how much they agree)
/// with their cosine, and scores how likely the two texts ask the same thing. Its default threshold was chosen on scores
/// of pairs the scoring network had not seen, for at most 0.8 % of non-duplicate pairs served; 4,000 pairs kept out of
/// all training measure it (benchmarks/Caching.Semantic.Report trains and measures it, deterministically). Use it only
/// with the MiniLM vectors it was trained on.
/// </summary>
public sealed class MiniLmJudge : ISemanticJudge
{
    private const string WeightsResource = "Caching.Semantic.Onnx.minilm-verifier.bin";

    private static readonly Lazy<MiniLmJudge> Bundled = new(() =>
    {
        using Stream weights = typeof(MiniLmJudge).Assembly.GetManifestResourceStream(WeightsResource)
            ?? throw new InvalidOperationException("The verifier weights are missing from the assembly.");
        return new MiniLmJudge(VerifierNetwork.Read(weights));
    });

    private readonly VerifierNetwork _network;

    internal MiniLmJudge(VerifierNetwork network) => _network = network;

    /// <summary>The judge with the bundled weights.</summary>
    public static MiniLmJudge Default => Bundled.Value;

    /// <inheritdoc />
    public string Name => "minilm-verifier-1";

    /// <inheritdoc />
    public double DefaultThreshold => _network.Threshold;

    /// <inheritdoc />
    public double CandidateFloor(double threshold) => _network.Floor;

    /// <inheritdoc />
    public double Score(ReadOnlySpan<float> query, ReadOnlySpan<float> candidate, double similarity)
    {
        if (query.Length != LocalEmbeddingGenerator.Dimensions || candidate.Length != query.Length)
        {
            throw new ArgumentException($"The MiniLM judge scores {LocalEmbeddingGenerator.Dimensions}-dimension vectors of its own model.", nameof(query));
        }

        Span<float> features = stackalloc float[VerifierFeatures.CountFor(query.Length)];
        VerifierFeatures.Write(query, candidate, similarity, features);
        return _network.Score(features);
    }
}
