using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Caching.Generators.Tests.Generation;

public class SnapshotTests
{
    private const string KeyWriters = "Caching.KeyWriters.g.cs";

    /// <summary>
    /// The scenario generates exactly <paramref name="hintNames"/>, each equal to its verified snapshot, and no snapshot
    /// of the scenario is left without a file (a file the generator stops emitting fails here, it does not pass silently).
    /// </summary>
    private static void VerifyScenario(string source, string[] hintNames, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        (IReadOnlyDictionary<string, string> sources, Compilation output) = GeneratorHarness.Generate(source);
        GeneratorHarness.AssertNoProblems(output);
        Assert.Equal(hintNames.Order(System.StringComparer.Ordinal), sources.Keys.Order(System.StringComparer.Ordinal));

        var failures = new List<string>();
        foreach ((string hintName, string text) in sources)
        {
            try
            {
                Snapshot.Verify(GeneratorHarness.Scrub(text), SnapshotName(hintName), testName: testName);
            }
            catch (Xunit.Sdk.XunitException failure)
            {
                failures.Add(failure.Message);
            }
        }

        Assert.True(failures.Count == 0, string.Join(System.Environment.NewLine + System.Environment.NewLine, failures));
        Assert.Equal(
            sources.Keys.Select(SnapshotName).Order(System.StringComparer.Ordinal),
            Snapshot.VerifiedNames(testName).Order(System.StringComparer.Ordinal));
    }

    private static string SnapshotName(string hintName) => hintName.Replace(".g.cs", string.Empty, System.StringComparison.Ordinal);

    [Fact]
    public void Chat_provider_of_the_issue() => VerifyScenario(Scenarios.ChatProvider, [KeyWriters, "Gateway.IChatProvider.Caching.g.cs"]);

    [Fact]
    public void Every_value_shape_the_key_writer_knows() => VerifyScenario(Scenarios.EveryValueShape, [KeyWriters, "Gateway.Shapes.IEmbeddingProvider.Caching.g.cs"]);

    [Fact]
    public void Inherited_members_are_forwarded_explicitly() => VerifyScenario(Scenarios.InheritedAndForwarded, ["Gateway.Inherited.IModerator.Caching.g.cs"]);

    [Fact]
    public void Interface_in_the_global_namespace() => VerifyScenario(Scenarios.GlobalNamespace, ["ISummarizer.Caching.g.cs"]);

    [Fact]
    public void Wire_contract_shapes() => VerifyScenario(Scenarios.WireContract, [KeyWriters, "Gateway.Wire.IWireProvider.Caching.g.cs"]);

    [Fact]
    public void Streaming_method() => VerifyScenario(Scenarios.Streaming, [KeyWriters, "Gateway.Streaming.IStreamingChat.Caching.g.cs"]);

    [Fact]
    public void Semantic_methods() => VerifyScenario(Scenarios.Semantic, [KeyWriters, "Gateway.Semantic.IAskingProvider.Caching.g.cs"]);

    [Fact]
    public void Hint_name_is_namespace_type_caching()
    {
        (IReadOnlyDictionary<string, string> sources, _) = GeneratorHarness.Generate(Scenarios.ChatProvider, Scenarios.GlobalNamespace);

        Assert.Equal(["Caching.KeyWriters.g.cs", "Gateway.IChatProvider.Caching.g.cs", "ISummarizer.Caching.g.cs"], [.. System.Linq.Enumerable.Order(sources.Keys, System.StringComparer.Ordinal)]);
    }

    [Fact]
    public void An_interface_without_annotated_methods_gets_nothing()
    {
        (IReadOnlyDictionary<string, string> sources, _) = GeneratorHarness.Generate("""
            using System.Threading.Tasks;
            public interface IPlain { Task<string> GetAsync(string model); }
            """);

        Assert.Empty(sources);
    }
}

public class CrossAssemblyTests
{
    [Fact]
    public void An_assembly_that_sees_another_generated_assembly_through_internals_visible_to_compiles_without_warnings()
    {
        CSharpCompilation library = GeneratorHarness.Compile(
            Scenarios.ChatProvider, "[assembly: System.Runtime.CompilerServices.InternalsVisibleTo(\"Consumer\")]")
            .WithAssemblyName("Library");
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(library, out Compilation generatedLibrary, out _);
        GeneratorHarness.AssertNoProblems(generatedLibrary);

        CSharpCompilation consumer = GeneratorHarness.Compile(Scenarios.GlobalNamespace).AddReferences(generatedLibrary.ToMetadataReference());
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(consumer, out Compilation generatedConsumer, out _);

        GeneratorHarness.AssertNoProblems(generatedConsumer);
    }
}
