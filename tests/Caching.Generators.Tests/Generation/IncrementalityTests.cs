using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Caching.Generators.Tests.Generation;

public class IncrementalityTests
{
    private static readonly string[] TrackedSteps = [TrackingNames.Parsed, TrackingNames.Models, TrackingNames.Interfaces, TrackingNames.Writers];

    [Theory]
    [MemberData(nameof(Scenarios.Named), MemberType = typeof(Scenarios))]
    public void An_unrelated_edit_leaves_every_tracked_step_cached_or_unchanged(string scenario)
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Scenarios.ByName(scenario), "public static class Unrelated { public const int Value = 1; }");
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree unrelated = compilation.SyntaxTrees.Last();
        CSharpCompilation edited = compilation.ReplaceSyntaxTree(
            unrelated,
            unrelated.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("public static class Unrelated { public const int Value = 2; }")));
        GeneratorRunResult second = driver.RunGenerators(edited).GetRunResult().Results.Single();

        foreach (string step in TrackedSteps)
        {
            Assert.True(second.TrackedSteps.ContainsKey(step), $"step {step} was not tracked");
            foreach (IncrementalGeneratorRunStep run in second.TrackedSteps[step])
            {
                Assert.All(run.Outputs, output => Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {step} output was {output.Reason}"));
            }
        }

        Assert.All(second.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void An_edit_of_a_request_type_regenerates_the_decorator()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Scenarios.ChatProvider);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        SyntaxTree tree = compilation.SyntaxTrees.Single();
        string changed = Scenarios.ChatProvider.Replace("int? MaxTokens = null,", "int? MaxTokens = null, int? Seed = null,", StringComparison.Ordinal);
        GeneratorRunResult second = driver.RunGenerators(compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(changed))))
            .GetRunResult().Results.Single();

        Assert.Contains("\"Seed\"u8", second.GeneratedSources.Single(s => s.HintName == "Caching.KeyWriters.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Models_hold_no_symbols_syntax_or_compilations()
    {
        CSharpCompilation compilation = GeneratorHarness.Compile(Scenarios.ChatProvider, Scenarios.EveryValueShape, Scenarios.InheritedAndForwarded);
        GeneratorRunResult result = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();

        int visited = 0;
        foreach (string step in TrackedSteps)
        {
            foreach (IncrementalGeneratorRunStep run in result.TrackedSteps[step])
            {
                foreach ((object value, _) in run.Outputs)
                {
                    AssertNoForbiddenTypes(value, step, new HashSet<object>(ReferenceEqualityComparer.Instance), ref visited);
                }
            }
        }

        Assert.True(visited > 50, $"only {visited} values were walked; the walk did not reach the models");
    }

    private static void AssertNoForbiddenTypes(object? value, string path, HashSet<object> seen, ref int visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
        {
            return;
        }

        visited++;
        Assert.False(value is ISymbol, $"{path} holds an ISymbol");
        Assert.False(value is SyntaxNode, $"{path} holds a SyntaxNode");
        Assert.False(value is Compilation, $"{path} holds a Compilation");
        Assert.False(value is SemanticModel, $"{path} holds a SemanticModel");
        Assert.False(value is Location, $"{path} holds a Location");
        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable sequence)
        {
            int index = 0;
            foreach (object? item in sequence)
            {
                AssertNoForbiddenTypes(item, $"{path}[{index++}]", seen, ref visited);
            }

            return;
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            AssertNoForbiddenTypes(field.GetValue(value), $"{path}.{field.Name}", seen, ref visited);
        }
    }
}
