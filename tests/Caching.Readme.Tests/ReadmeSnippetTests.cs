using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Caching.Readme.Tests.Snippets;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Caching.Readme.Tests;

/// <summary>
/// Every C# block of README.md is a region of a file in Snippets/, which this project compiles (with the caching
/// generator), so a README example that stops compiling fails the build; the blocks and regions are matched text for text.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    [Fact]
    public void Every_csharp_block_of_the_readme_is_a_compiled_snippet()
    {
        IReadOnlyDictionary<string, string> regions = SnippetSource.Regions();

        List<string> missing = SnippetSource.ReadmeBlocks()
            .Where(block => !regions.Values.Contains(block))
            .ToList();

        Assert.True(missing.Count == 0, "README.md blocks without a compiled snippet in tests/Caching.Readme.Tests/Snippets:\n\n" + string.Join("\n\n----\n\n", missing));
    }

    [Fact]
    public void Every_snippet_is_shown_in_the_readme()
    {
        IReadOnlyList<string> blocks = SnippetSource.ReadmeBlocks();

        string[] unused = SnippetSource.Regions().Where(region => !blocks.Contains(region.Value)).Select(region => region.Key).ToArray();

        Assert.Empty(unused);
    }

    [Fact]
    public void The_readme_has_csharp_blocks_to_check()
    {
        Assert.True(SnippetSource.ReadmeBlocks().Count >= 6);
    }

    [Fact]
    public async Task The_registration_snippet_answers_the_second_call_from_the_cache()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cache:Ttl"] = "1h" }).Build();
        await using ServiceProvider services = ProviderRegistration.Register(new ServiceCollection(), configuration).BuildServiceProvider();
        ILlmProvider provider = services.GetRequiredService<ILlmProvider>();
        var request = new ChatCompletionRequest("gpt-4o", [new Snippets.ChatMessage("user", "Hello")]);

        ChatCompletionResponse first = await provider.CompleteAsync(request);
        ChatCompletionResponse second = await provider.CompleteAsync(request);

        Assert.IsType<CachedLlmProvider>(provider);
        Assert.Equal(first, second);
        Assert.Single(services.GetServices<ILlmProvider>());
        Assert.Equal(1, services.GetRequiredService<ICacheManager>().GetStats().Hits);
    }

    [Fact]
    public async Task The_chat_client_snippet_puts_the_cache_from_services_in_the_pipeline()
    {
        await using ServiceProvider services = new ServiceCollection().AddCaching(new CacheConfig()).BuildServiceProvider();
        using IEmbeddingGenerator<string, Embedding<float>> generator = new FixedEmbeddings();

        (IChatClient chat, IEmbeddingGenerator<string, Embedding<float>> embeddings) = ChatClientSnippets.Build("sk-not-used", generator, services);

        Assert.NotNull(chat.GetService<global::Caching.Extensions.AI.KeyedCachingChatClient>());
        await embeddings.GenerateAsync(["a"]);
        GeneratedEmbeddings<Embedding<float>> again = await embeddings.GenerateAsync(["a"]);
        Assert.Equal(1f, Assert.Single(again).Vector.Span[0]);
        Assert.Equal(1, services.GetRequiredService<ICacheManager>().GetStats().Hits);
    }

    private sealed class FixedEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, System.Threading.CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(new float[] { v.Length }))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}

/// <summary>The README's C# blocks and the snippet regions, each normalized (indentation removed, trailing spaces trimmed).</summary>
internal static partial class SnippetSource
{
    private static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static IReadOnlyList<string> ReadmeBlocks()
    {
        string readme = File.ReadAllText(Path.Combine(Root.Value, "README.md"));
        return [.. CsharpBlock().Matches(readme).Select(match => Normalize(match.Groups["code"].Value))];
    }

    public static IReadOnlyDictionary<string, string> Regions()
    {
        var regions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Root.Value, "tests", "Caching.Readme.Tests", "Snippets"), "*.cs"))
        {
            foreach (Match match in Region().Matches(File.ReadAllText(file)))
            {
                regions.Add(match.Groups["name"].Value, Normalize(match.Groups["code"].Value));
            }
        }

        return regions;
    }

    private static string Normalize(string code)
    {
        string[] lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => line.TrimEnd()).ToArray();
        int first = Array.FindIndex(lines, line => line.Length > 0);
        int last = Array.FindLastIndex(lines, line => line.Length > 0);
        if (first < 0)
        {
            return string.Empty;
        }

        string[] body = lines[first..(last + 1)];
        int indent = body.Where(line => line.Length > 0).Min(line => line.Length - line.TrimStart(' ').Length);
        return string.Join("\n", body.Select(line => line.Length == 0 ? line : line[indent..]));
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Caching.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (the folder of Caching.sln) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^```csharp[ \t]*\r?\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CsharpBlock();

    [GeneratedRegex(@"^[ \t]*#region readme:(?<name>[\w-]+)[ \t]*\r?\n(?<code>.*?)^[ \t]*#endregion", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Region();
}
