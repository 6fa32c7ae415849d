using System.Collections.Generic;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using Caching.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Caching.Benchmarks;

/// <summary>
/// Generator time for 1,000 annotated methods, split 1000x1, 20x50 or 2x500 (interfaces x methods), all taking the same
/// request types: a generator that parsed an interface once per method, or emitted a writer per type per decorator,
/// would be far slower on one shape than on another. Each run starts from a fresh compilation, as a build does
/// ([IterationSetup] makes every iteration a single invocation).
/// </summary>
public class GeneratorScaleBenchmarks
{
    private const int Methods = 1000;
    private CSharpCompilation _template = null!;
    private CSharpCompilation _compilation = null!;

    [Params("1000x1", "20x50", "2x500")]
    public string Shape { get; set; } = "1000x1";

    [GlobalSetup]
    public void Setup()
    {
        int interfaces = int.Parse(Shape.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);
        _template = CSharpCompilation.Create(
            "GeneratorScale",
            [CSharpSyntaxTree.ParseText(Source(interfaces, Methods / interfaces), new CSharpParseOptions(LanguageVersion.Latest))],
            Basic.Reference.Assemblies.Net100.References.All.Concat([MetadataReference.CreateFromFile(typeof(CachedCompletionAttribute).Assembly.Location)]),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
    }

    [IterationSetup]
    public void FreshCompilation() => _compilation = _template.Clone();

    [Benchmark(Description = "generator run over 1,000 annotated methods")]
    public int Generate()
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(new CachingGenerator()).RunGenerators(_compilation);
        return driver.GetRunResult().GeneratedTrees.Length;
    }

    private static string Source(int interfaces, int methodsEach)
    {
        var text = new StringBuilder("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Caching;

            namespace Scale;

            public sealed record Message(string Role, string Content, string? Name = null);
            public sealed record Tool(string Name, string Description, IReadOnlyDictionary<string, string> Parameters);
            public sealed record Request(string Model, IReadOnlyList<Message> Messages, double? Temperature, int? MaxTokens, IReadOnlyList<Tool>? Tools);
            public sealed record Answer(string Text);

            """);
        for (int i = 0; i < interfaces; i++)
        {
            text.Append("public interface IProvider").Append(i).AppendLine(" {");
            for (int m = 0; m < methodsEach; m++)
            {
                text.Append("    [CachedCompletion] Task<Answer> Complete").Append(m).AppendLine("Async(Request request, CancellationToken cancellationToken = default);");
            }

            text.AppendLine("}");
        }

        return text.ToString();
    }
}
