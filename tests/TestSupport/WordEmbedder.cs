using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Caching.Tests.Support;

/// <summary>
/// A deterministic embedder for tests: a text's vector is the sum of its words' fixed random vectors, so texts sharing
/// most words are close (one word changed in ten: cosine about 0.9) and texts sharing none are nearly orthogonal. Counts
/// its calls, and can be made to fail or to hang until released.
/// </summary>
internal sealed class WordEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 64;

    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public Exception? Failure { get; set; }

    public TaskCompletionSource? Gate { get; set; }

    public static float[] VectorOf(string text)
    {
        var vector = new float[Dimensions];
        foreach (string word in text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var random = new Random(StableHash(word));
            for (int i = 0; i < Dimensions; i++)
            {
                vector[i] += (float)(random.NextDouble() - 0.5);
            }
        }

        return vector;
    }

    public static double Cosine(string a, string b)
    {
        float[] u = VectorOf(a), v = VectorOf(b);
        double dot = 0, nu = 0, nv = 0;
        for (int i = 0; i < Dimensions; i++)
        {
            dot += u[i] * v[i];
            nu += u[i] * u[i];
            nv += v[i] * v[i];
        }

        return dot / Math.Sqrt(nu * nv);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Failure is { } failure)
        {
            throw failure;
        }

        return new GeneratedEmbeddings<Embedding<float>>(values.Select(text => new Embedding<float>(VectorOf(text))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static int StableHash(string word)
    {
        int hash = 17;
        foreach (char c in word)
        {
            hash = (hash * 31) + c;
        }

        return hash;
    }
}
