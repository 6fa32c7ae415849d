using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using System.Threading.Tasks;
using Caching;
using Caching.Semantic.Onnx;
using Caching.Semantic.Report;

// dotnet run -c Release --project benchmarks/Caching.Semantic.Report -- [train] [report] [lookup] [--pairs N]
//   train   trains the MiniLM judge on the development pairs and writes src/Caching.Semantic.Onnx/Judge/minilm-verifier.bin
//   report  the judge against static cosine thresholds: out-of-fold and held-out curves, then the real path
//   lookup  the lookup's cost with 10,000 entries in one partition, the bytes per entry, the embedding call's speed
//   judge "text a" "text b"   how the local model and the judge see one pair (cosine, score, served or not)
if (args is ["judge", string first, string second])
{
    using var model = new LocalEmbeddingGenerator();
    Microsoft.Extensions.AI.GeneratedEmbeddings<Microsoft.Extensions.AI.Embedding<float>> pair = await model.GenerateAsync([first, second]);
    float[] a = pair[0].Vector.ToArray(), b = pair[1].Vector.ToArray();
    double cosine = TensorPrimitives.Dot(a, b);
    double score = MiniLmJudge.Default.Score(b, a, cosine);
    Console.WriteLine($"cosine {cosine:F4}, judge score {score:F4} (threshold {MiniLmJudge.Default.DefaultThreshold:F4}, floor {MiniLmJudge.Default.CandidateFloor(0):F2}): {(cosine >= MiniLmJudge.Default.CandidateFloor(0) && score >= MiniLmJudge.Default.DefaultThreshold ? "served" : "not served")}");
    return;
}

string[] commands = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)).ToArray();
if (commands.Length == 0)
{
    commands = ["report", "lookup"];
}

int limit = args.SkipWhile(a => a != "--pairs").Skip(1).Select(int.Parse).FirstOrDefault();
List<LabelledPair> pairs = LabelledPairs.Load(LabelledPairs.DefaultPath);
if (limit > 0)
{
    pairs = pairs.Take(limit).ToList();
}

Dictionary<string, float[]> vectors = await SentenceVectors.LoadOrComputeAsync(pairs, LabelledPairs.DefaultPath);
(List<LabelledPair> development, List<LabelledPair> heldOut) = LabelledPairs.Split(pairs);
Console.WriteLine($"{pairs.Count:N0} pairs: {development.Count:N0} for development, {heldOut.Count:N0} held out; {pairs.Count(p => p.Duplicate):N0} duplicates in all");

if (commands.Contains("train"))
{
    Console.WriteLine("Training the MiniLM judge...");
    (VerifierNetwork trained, double[] outOfFold) = VerifierTrainer.Train(development, vectors);
    string path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/Caching.Semantic.Onnx/Judge/minilm-verifier.bin"));
    using (FileStream file = File.Create(path))
    {
        trained.Write(file);
    }

    bool[] labels = [.. development.Select(p => p.Duplicate)];
    (double served, double wrong) = Curves.At(outOfFold, labels, trained.Threshold);
    Console.WriteLine($"Wrote {path}: threshold {trained.Threshold:R}, cosine floor {trained.Floor:R}; out of fold it serves {served:P1} of duplicates at {wrong:P2} wrong hits");
}

if (commands.Contains("report"))
{
    MiniLmJudge judge = MiniLmJudge.Default;
    bool[] devLabels = [.. development.Select(p => p.Duplicate)];
    bool[] heldLabels = [.. heldOut.Select(p => p.Duplicate)];
    double[] Cosines(IEnumerable<LabelledPair> set) => [.. set.Select(p => (double)TensorPrimitives.Dot(vectors[p.A], vectors[p.B]))];
    double[] Judged(IEnumerable<LabelledPair> set) => [.. set.Select(p => judge.Score(vectors[p.B], vectors[p.A], TensorPrimitives.Dot(vectors[p.A], vectors[p.B])))];

    Console.WriteLine();
    Console.WriteLine($"## Held-out pairs ({heldOut.Count:N0}; neither the judge nor its threshold saw them): thresholds chosen on these pairs, for the curve");
    Console.WriteLine(Curves.Table(heldLabels, ("static cosine", Cosines(heldOut)), ("MiniLM judge", Judged(heldOut))));

    Console.WriteLine("## At the shipped settings, through the real path (store A's answer, ask B)");
    Console.WriteLine("| decision | set | duplicates served | non-duplicates served (wrong hits) |");
    Console.WriteLine("|---|---|---:|---:|");
    var embedder = new RecordedEmbedder(vectors);
    double devCosine1 = Curves.ThresholdFor(Cosines(development), devLabels, 0.01);
    foreach ((string name, ISemanticJudge decision, double? threshold) in new (string, ISemanticJudge, double?)[]
    {
        ($"MiniLM judge, default threshold {judge.DefaultThreshold:F3}", judge, null),
        ($"static cosine {devCosine1:F3} (1 % wrong on the development pairs)", new CosineJudge(), devCosine1),
        ("static cosine 0.95 (Portkey's default)", new CosineJudge(), 0.95),
        ("static cosine 0.90", new CosineJudge(), 0.90),
    })
    {
        foreach ((string set, List<LabelledPair> chosen) in new[] { ("held out", heldOut), ($"all {pairs.Count:N0} (80 % seen in training)", pairs) })
        {
            (double served, double wrong, _) = await RealPath.RunAsync(chosen, embedder, decision, threshold);
            Console.WriteLine($"| {name} | {set} | {served:P1} | {wrong:P2} |");
        }
    }

    Console.WriteLine();
}

if (commands.Contains("lookup"))
{
    Console.WriteLine("## Cost");
    await LookupCost.RunAsync(pairs, vectors, Console.WriteLine);
}
