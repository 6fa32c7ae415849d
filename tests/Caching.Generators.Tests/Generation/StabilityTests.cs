using System.Collections.Generic;
using System.Linq;

namespace Caching.Generators.Tests.Generation;

/// <summary>
/// Generated code is stable under edits: a member added to a keyed type adds its own lines to its writer and changes no
/// other line (locals are named after the values they hold, not numbered through the method).
/// </summary>
public class StabilityTests
{
    private const string Before = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Caching;

        namespace Gateway.Stable;

        public sealed class Request
        {
            public string Model { get; set; } = "";
            public List<string>? Alpha { get; set; }
            public Dictionary<string, int?>? Omega { get; set; }
            public int? Zulu { get; set; }
        }

        public interface IStableProvider
        {
            [CachedCompletion]
            Task<string> AskAsync(Request request, IReadOnlyList<int?> weights);
        }
        """;

    private static string After => Before.Replace(
        "    public Dictionary<string, int?>? Omega { get; set; }",
        "    public List<List<double?>>? Middle { get; set; }\n    public Dictionary<string, int?>? Omega { get; set; }",
        System.StringComparison.Ordinal);

    [Fact]
    public void A_member_added_to_a_keyed_type_changes_no_other_line_of_its_writer()
    {
        string before = Writers(Before);
        string after = Writers(After);

        Assert.NotEqual(before, after);
        Assert.Contains("writer.WriteName(\"Middle\"u8);", after, System.StringComparison.Ordinal);
        Assert.Equal(before, WithoutMember(after, "Middle"));
    }

    [Fact]
    public void The_decorators_key_method_is_unchanged_when_a_type_it_writes_gains_a_member()
    {
        (IReadOnlyDictionary<string, string> before, _) = GeneratorHarness.Generate(Before);
        (IReadOnlyDictionary<string, string> after, _) = GeneratorHarness.Generate(After);

        Assert.Equal(before["Gateway.Stable.IStableProvider.Caching.g.cs"], after["Gateway.Stable.IStableProvider.Caching.g.cs"]);
    }

    [Fact]
    public void Generated_files_have_no_trailing_whitespace()
    {
        (IReadOnlyDictionary<string, string> sources, _) = GeneratorHarness.Generate(After);

        foreach ((string hintName, string text) in sources)
        {
            string[] lines = text.Split('\n');
            Assert.True(lines.All(line => line.Length == 0 || !char.IsWhiteSpace(line[^1])), $"{hintName} has a line ending in whitespace");
        }
    }

    private static string Writers(string source)
    {
        (IReadOnlyDictionary<string, string> sources, _) = GeneratorHarness.Generate(source);
        return sources["Caching.KeyWriters.g.cs"];
    }

    /// <summary>The text without the lines that write <paramref name="member"/>: from its name to the next member's name or the object's end.</summary>
    private static string WithoutMember(string text, string member)
    {
        List<string> lines = [.. text.Split('\n')];
        int start = lines.FindIndex(line => line.Trim() == $"writer.WriteName(\"{member}\"u8);");
        int end = lines.FindIndex(start + 1, line => line.TrimStart().StartsWith("writer.WriteName(", System.StringComparison.Ordinal) || line.Trim() == "writer.EndObject();");
        lines.RemoveRange(start, end - start);
        return string.Join('\n', lines);
    }
}
