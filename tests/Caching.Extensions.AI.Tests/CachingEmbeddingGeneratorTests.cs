using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace Caching.Extensions.AI.Tests;

public sealed class CachingEmbeddingGeneratorTests
{
    [Fact]
    public async Task A_batch_with_ninety_cached_inputs_asks_the_inner_generator_for_the_ten_missing_in_order()
    {
        await using CacheManager cache = CacheManager.Create(new CacheConfig { MaxSize = 10_000 });
        var inner = new RecordingEmbeddingGenerator();
        IEmbeddingGenerator<string, Embedding<float>> generator = new EmbeddingGeneratorBuilder<string, Embedding<float>>(inner).UseCaching(cache).Build();
        string[] inputs = [.. Enumerable.Range(0, 100).Select(i => $"input number {i}")];
        string[] cached = [.. inputs.Where((_, i) => i % 10 != 3)];
        await generator.GenerateAsync(cached);

        GeneratedEmbeddings<Embedding<float>> all = await generator.GenerateAsync(inputs);

        Assert.Equal(2, inner.Batches.Count);
        Assert.Equal(inputs.Where((_, i) => i % 10 == 3), inner.Batches[1]);
        Assert.Equal(100, all.Count);
        for (int i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(RecordingEmbeddingGenerator.Vector(inputs[i]), all[i].Vector.ToArray());
        }
    }

    [Fact]
    public async Task Dimensions_and_model_are_part_of_each_input_key()
    {
        await using CacheManager cache = CacheManager.Create(new CacheConfig());
        var inner = new RecordingEmbeddingGenerator();
        var generator = new Caching.Extensions.AI.CachingEmbeddingGenerator(inner, cache);

        await generator.GenerateAsync(["same"], new EmbeddingGenerationOptions { Dimensions = 256 });
        await generator.GenerateAsync(["same"], new EmbeddingGenerationOptions { Dimensions = 512 });
        await generator.GenerateAsync(["same"], new EmbeddingGenerationOptions { Dimensions = 256, ModelId = "other" });
        await generator.GenerateAsync(["same"], new EmbeddingGenerationOptions { Dimensions = 256 });

        Assert.Equal(3, inner.Batches.Count);
    }
}
