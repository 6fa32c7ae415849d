using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Caching.Generators.Tests.Generation;

/// <summary>Compiles test sources against .NET 10 and our libraries and runs the generator or the analyzer on them.</summary>
internal static class GeneratorHarness
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(ICacheManager).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(CacheManager).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.Extensions.DependencyInjection.IServiceCollection).Assembly.Location),
    ];

    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            [new CachingGenerator().AsSourceGenerator()],
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the generated sources by hint name and the compilation that includes them.</summary>
    public static (IReadOnlyDictionary<string, string> Sources, Compilation Output) Generate(params string[] sources)
    {
        CSharpCompilation input = Compile(sources);
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        var generated = result.GeneratedTrees.ToDictionary(t => System.IO.Path.GetFileName(t.FilePath), t => t.GetText().ToString());
        return (generated, output);
    }

    /// <summary>Every diagnostic of the analyzer on the sources, in source order (suppressed ones left out, as a build does).</summary>
    public static IReadOnlyList<Diagnostic> Analyze(params string[] sources) => Analyze(reportSuppressed: false, sources);

    /// <summary>Every diagnostic of the analyzer on the sources, in source order, with suppressed ones included and marked.</summary>
    public static IReadOnlyList<Diagnostic> Analyze(bool reportSuppressed, params string[] sources)
    {
        CSharpCompilation compilation = Compile(sources);
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: reportSuppressed);
        ImmutableArray<Diagnostic> diagnostics = compilation
            .WithAnalyzers([new CachingAnalyzer()], options)
            .GetAnalyzerDiagnosticsAsync()
            .GetAwaiter()
            .GetResult();
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToList();
    }

    /// <summary>Errors and warnings of a compilation, as text, for assertion messages.</summary>
    public static IReadOnlyList<string> Problems(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToList();

    /// <summary>The text a diagnostic points at.</summary>
    public static string TextAt(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);

    public static string Scrub(string text) => text.Replace("\"" + GeneratorInfo.Version + "\"", "\"{version}\"", StringComparison.Ordinal);

    public static void AssertNoProblems(Compilation compilation)
    {
        IReadOnlyList<string> problems = Problems(compilation);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
