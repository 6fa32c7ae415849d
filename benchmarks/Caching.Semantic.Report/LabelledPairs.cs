using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.Json;

namespace Caching.Semantic.Report;

/// <summary>One labelled pair: would the answer cached for <see cref="A"/> be right for <see cref="B"/>?</summary>
internal sealed record LabelledPair(int Index, string A, string B, bool Duplicate);

internal static class LabelledPairs
{
    public static string DefaultPath => Path.Combine(System.AppContext.BaseDirectory, "workloads", "qqp-pairs.jsonl.gz");

    public static List<LabelledPair> Load(string path)
    {
        var pairs = new List<LabelledPair>();
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        while (reader.ReadLine() is { } line)
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            pairs.Add(new LabelledPair(pairs.Count, root.GetProperty("a").GetString()!, root.GetProperty("b").GetString()!, root.GetProperty("duplicate").GetBoolean()));
        }

        return pairs;
    }

    /// <summary>
    /// The fixed split: every fifth pair (by a seeded shuffle) is held out, never seen by training nor by the choice of the
    /// threshold; the rest is the development set, split again into five folds.
    /// </summary>
    public static (List<LabelledPair> Development, List<LabelledPair> HeldOut) Split(List<LabelledPair> pairs)
    {
        int[] order = Shuffled(pairs.Count, seed: 20_000);
        var development = new List<LabelledPair>();
        var heldOut = new List<LabelledPair>();
        for (int i = 0; i < order.Length; i++)
        {
            (i % 5 == 4 ? heldOut : development).Add(pairs[order[i]]);
        }

        return (development, heldOut);
    }

    public static int[] Shuffled(int count, int seed)
    {
        var random = new System.Random(seed);
        int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        for (int i = count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
