using System;
using System.IO;
using System.Linq;
using System.Numerics.Tensors;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Caching.Semantic.Onnx.Tests;

/// <summary>
/// The bundled model and its judge on this machine: unit vectors of 384 dimensions, the same for the same text, a
/// paraphrase served and a question about something else refused, through the cache manager as well.
/// </summary>
public sealed class LocalModelTests : IClassFixture<LocalModelTests.Model>
{
    private const string Question = "How can I lose weight fast?";
    private const string Paraphrase = "How do I lose weight quickly?";
    private const string OtherSubject = "How can I gain weight fast?";

    private readonly LocalEmbeddingGenerator _model;

    public LocalModelTests(Model model) => _model = model.Generator;

    private async Task<float[]> VectorAsync(string text) => (await _model.GenerateAsync([text]))[0].Vector.ToArray();

    [Fact]
    public async Task A_text_becomes_a_unit_vector_of_384_dimensions_the_same_each_time()
    {
        float[] first = await VectorAsync(Question);
        float[] again = await VectorAsync(Question);
        GeneratedEmbeddings<Embedding<float>> batch = await _model.GenerateAsync([Paraphrase, Question]);

        Assert.Equal(LocalEmbeddingGenerator.Dimensions, first.Length);
        Assert.Equal(1.0, TensorPrimitives.Norm(first), 3);
        Assert.Equal(first, again);
        Assert.Equal(1.0, TensorPrimitives.Dot(first, batch[1].Vector.ToArray()), 4);
        Assert.Equal(LocalEmbeddingGenerator.ModelId, batch[0].ModelId);
    }

    [Fact]
    public async Task The_judge_serves_a_paraphrase_and_refuses_a_question_about_something_else()
    {
        MiniLmJudge judge = MiniLmJudge.Default;
        float[] question = await VectorAsync(Question), paraphrase = await VectorAsync(Paraphrase), other = await VectorAsync(OtherSubject);

        double served = judge.Score(paraphrase, question, TensorPrimitives.Dot(question, paraphrase));
        double refused = judge.Score(other, question, TensorPrimitives.Dot(question, other));

        Assert.InRange(judge.DefaultThreshold, 0.5, 0.99);
        Assert.True(served >= judge.DefaultThreshold, $"paraphrase scored {served:F3}");
        Assert.True(refused < judge.DefaultThreshold, $"other subject scored {refused:F3}");
        Assert.Equal(served, judge.Score(paraphrase, question, TensorPrimitives.Dot(question, paraphrase)));
    }

    [Fact]
    public void The_judge_refuses_vectors_of_another_model()
    {
        Assert.Throws<ArgumentException>(() => MiniLmJudge.Default.Score(new float[8], new float[8], 0.9));
    }

    [Fact]
    public void The_weights_file_reads_back_as_written()
    {
        using var written = new MemoryStream();
        using (Stream bundled = typeof(MiniLmJudge).Assembly.GetManifestResourceStream("Caching.Semantic.Onnx.minilm-verifier.bin")!)
        {
            VerifierNetwork.Read(bundled).Write(written);
        }

        written.Position = 0;
        VerifierNetwork copy = VerifierNetwork.Read(written);

        Assert.Equal((MiniLmJudge.Default.DefaultThreshold, 32, 769), (copy.Threshold, copy.Hidden, copy.Inputs));
    }

    [Fact]
    public async Task Through_the_cache_a_paraphrase_is_a_semantic_hit_and_another_subject_a_miss()
    {
        var config = new CacheConfig();
        config.SemanticEmbedder = _model;
        config.SemanticJudge = MiniLmJudge.Default;
        await using CacheManager cache = CacheManager.Create(config);
        int calls = 0;
        ValueTask<string> Ask(string key, string text) =>
            cache.GetOrCreateAsync(key, new SemanticQuery("chat:model:p", text), text, (t, _, _) => new ValueTask<string>($"answer {++calls} to {t}"));

        string first = await Ask("k1", Question);
        using (CacheCallContext call = CacheCallContext.Begin())
        {
            Assert.Equal(first, await Ask("k2", Paraphrase));
            Assert.Equal(CacheOutcome.SemanticHit, call.Outcome);
        }

        Assert.NotEqual(first, await Ask("k3", OtherSubject));
        Assert.Equal(2, calls);
    }

    [Fact]
    public void UseLocalSemanticModel_sets_the_embedder_and_its_judge()
    {
        CacheConfig config = new CacheConfig().UseLocalSemanticModel();

        Assert.IsType<LocalEmbeddingGenerator>(config.SemanticEmbedder);
        Assert.Same(MiniLmJudge.Default, config.SemanticJudge);
        Assert.True(config.SemanticLayerOn);
        config.SemanticEmbedder!.Dispose();
    }

    /// <summary>One model for the class: it loads in about a second.</summary>
    public sealed class Model : IDisposable
    {
        public LocalEmbeddingGenerator Generator { get; } = new();

        public void Dispose() => Generator.Dispose();
    }
}
