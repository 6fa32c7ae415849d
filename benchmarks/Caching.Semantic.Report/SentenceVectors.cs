using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Caching.Semantic.Onnx;
using Microsoft.Extensions.AI;

namespace Caching.Semantic.Report;

/// <summary>
/// The local model's vector of every sentence of the pairs, computed once by <see cref="LocalEmbeddingGenerator"/> and
/// kept beside the tool (recomputed when the data changes); reports the model's speed on this machine as it goes.
/// </summary>
internal static class SentenceVectors
{
    public static async Task<Dictionary<string, float[]>> LoadOrComputeAsync(IReadOnlyList<LabelledPair> pairs, string dataPath)
    {
        string cache = Path.Combine(AppContext.BaseDirectory, $"qqp-vectors-{new FileInfo(dataPath).Length}-{pairs.Count}.bin");
        if (File.Exists(cache))
        {
            return Read(cache);
        }

        string[] sentences = [.. pairs.SelectMany(p => new[] { p.A, p.B }).Distinct(StringComparer.Ordinal)];
        Console.WriteLine($"Embedding {sentences.Length:N0} distinct sentences with {LocalEmbeddingGenerator.ModelId} (once; kept in {Path.GetFileName(cache)})...");
        using var embedder = new LocalEmbeddingGenerator();
        var vectors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        const int Batch = 32;
        for (int start = 0; start < sentences.Length; start += Batch)
        {
            string[] batch = sentences[start..Math.Min(sentences.Length, start + Batch)];
            GeneratedEmbeddings<Embedding<float>> embedded = await embedder.GenerateAsync(batch);
            for (int i = 0; i < batch.Length; i++)
            {
                vectors[batch[i]] = embedded[i].Vector.ToArray();
            }
        }

        Console.WriteLine($"  {sentences.Length / clock.Elapsed.TotalSeconds:N0} sentences/s in batches of {Batch}");
        Write(cache, vectors);
        return vectors;
    }

    private static Dictionary<string, float[]> Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        int count = reader.ReadInt32();
        var vectors = new Dictionary<string, float[]>(count, StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            string text = reader.ReadString();
            var vector = new float[reader.ReadInt32()];
            for (int d = 0; d < vector.Length; d++)
            {
                vector[d] = reader.ReadSingle();
            }

            vectors[text] = vector;
        }

        return vectors;
    }

    private static void Write(string path, Dictionary<string, float[]> vectors)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(vectors.Count);
        foreach ((string text, float[] vector) in vectors)
        {
            writer.Write(text);
            writer.Write(vector.Length);
            foreach (float value in vector)
            {
                writer.Write(value);
            }
        }
    }
}
