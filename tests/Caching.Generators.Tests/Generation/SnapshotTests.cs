using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Caching.Generators.Tests.Generation;

public class SnapshotTests
{
    private static void VerifyScenario(string source, [System.Runtime.CompilerServices.CallerMemberName] string testName = "")
    {
        (IReadOnlyDictionary<string, string> sources, Compilation output) = GeneratorHarness.Generate(source);
        GeneratorHarness.AssertNoProblems(output);
        foreach ((string hintName, string text) in sources)
        {
            Snapshot.Verify(GeneratorHarness.Scrub(text), hintName.Replace(".g.cs", string.Empty, System.StringComparison.Ordinal), testName: testName);
        }
    }

    [Fact]
    public void Chat_provider_of_the_issue() => VerifyScenario(Scenarios.ChatProvider);

    [Fact]
    public void Every_value_shape_the_key_writer_knows() => VerifyScenario(Scenarios.EveryValueShape);

    [Fact]
    public void Inherited_members_are_forwarded_explicitly() => VerifyScenario(Scenarios.InheritedAndForwarded);

    [Fact]
    public void Interface_in_the_global_namespace() => VerifyScenario(Scenarios.GlobalNamespace);

    [Fact]
    public void Wire_contract_shapes() => VerifyScenario(Scenarios.WireContract);

    [Fact]
    public void Streaming_method() => VerifyScenario(Scenarios.Streaming);

    [Fact]
    public void Semantic_methods() => VerifyScenario(Scenarios.Semantic);

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
