using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Caching.Generators.Tests.Generation;

public class DiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        """;

    private static Diagnostic Single(string source, string id)
    {
        IReadOnlyList<Diagnostic> diagnostics = GeneratorHarness.Analyze(Usings + source);
        Diagnostic diagnostic = Assert.Single(diagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        return diagnostic;
    }

    [Fact]
    public void CACHE001_no_model_points_at_the_method()
    {
        Diagnostic d = Single("""
            public interface IP { [CachedCompletion] Task<string> AskAsync(string prompt); }
            """, "CACHE001");

        Assert.Equal("AskAsync", GeneratorHarness.TextAt(d));
        Assert.Contains("[CacheModel]", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("void", "void")]
    [InlineData("Task", "Task")]
    [InlineData("ValueTask", "ValueTask")]
    [InlineData("string", "string")]
    public void CACHE002_uncacheable_return_type_points_at_the_return_type(string returnType, string expected)
    {
        Diagnostic d = Single($$"""
            public interface IP { [CachedCompletion] {{returnType}} Ask(string model); }
            """, "CACHE002");

        Assert.Equal(expected, GeneratorHarness.TextAt(d));
    }

    [Theory]
    [InlineData("dynamic payload", "payload", "anything")]
    [InlineData("System.Text.StringBuilder payload", "payload", "framework type")]
    [InlineData("Secretive payload", "payload", "non-public state ('_text')")]
    [InlineData("Bag payload", "payload", "member 'Label' would be left out")]
    [InlineData("Stream payload", "payload", "stream")]
    [InlineData("Func<string> payload", "payload", "code")]
    [InlineData("HashSet<string> payload", "payload", "order")]
    [InlineData("IComparable payload", "payload", "interface")]
    [InlineData("Empty payload", "payload", "no public")]
    public void CACHE003_unencodable_parameter_points_at_the_parameter(string parameter, string expectedText, string reason)
    {
        Diagnostic d = Single($$"""
            public sealed class Empty { }
            public sealed class Secretive { private readonly string _text = ""; public int Length => _text.Length; }
            public sealed class Bag : List<string> { public string Label { get; set; } = ""; }
            public interface IP { [CachedCompletion] Task<string> AskAsync(string model, {{parameter}}); }
            """, "CACHE003");

        Assert.Equal(expectedText, GeneratorHarness.TextAt(d));
        string message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(reason, message, System.StringComparison.Ordinal);
        Assert.Contains("[NotCacheKey]", message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void CACHE003_unencodable_member_names_the_member_path_and_points_at_it()
    {
        Diagnostic d = Single("""
            public sealed record Part(System.Text.StringBuilder Payload);
            public sealed record Request(string Model, IReadOnlyList<Part> Parts);
            public interface IP { [CachedCompletion] Task<string> AskAsync(Request request); }
            """, "CACHE003");

        Assert.Equal("Payload", GeneratorHarness.TextAt(d));
        Assert.Contains("request.Parts[].Payload", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void CACHE003_a_type_that_contains_itself_is_reported()
    {
        Diagnostic d = Single("""
            public sealed record Node(string Name, Node? Next);
            public interface IP { [CachedCompletion] Task<string> AskAsync(string model, Node node); }
            """, "CACHE003");

        Assert.Contains("contains itself", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Not_cache_key_silences_an_unencodable_member()
    {
        IReadOnlyList<Diagnostic> diagnostics = GeneratorHarness.Analyze(Usings + """
            public sealed record Request(string Model, [property: NotCacheKey] object Tracing);
            public interface IP { [CachedCompletion] Task<string> AskAsync(Request request, [NotCacheKey] Stream audit); }
            """);

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("1x")]
    [InlineData("-5m")]
    [InlineData("0s")]
    [InlineData("")]
    public void CACHE004_bad_ttl_points_at_the_attribute_argument(string ttl)
    {
        Diagnostic d = Single($$"""
            public interface IP { [CachedCompletion(Ttl = "{{ttl}}")] Task<string> AskAsync(string model); }
            """, "CACHE004");

        Assert.Equal($"\"{ttl}\"", GeneratorHarness.TextAt(d));
    }

    [Theory]
    [InlineData("StaleIfError", "1x")]
    [InlineData("StaleIfError", "-1d")]
    [InlineData("SoftTimeout", "soon")]
    [InlineData("HardTimeout", "")]
    public void CACHE004_a_bad_fail_safe_duration_names_its_argument_and_points_at_it(string argument, string value)
    {
        Diagnostic d = Single($$"""
            public interface IP { [CachedCompletion(Ttl = "1h", {{argument}} = "{{value}}")] Task<string> AskAsync(string model); }
            """, "CACHE004");

        Assert.Equal($"\"{value}\"", GeneratorHarness.TextAt(d));
        Assert.StartsWith(argument + " ", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("StaleIfError")]
    [InlineData("SoftTimeout")]
    [InlineData("HardTimeout")]
    public void A_fail_safe_duration_of_zero_turns_it_off_and_is_no_error(string argument)
    {
        IReadOnlyList<Diagnostic> diagnostics = GeneratorHarness.Analyze(Usings + $$"""
            public interface IP { [CachedCompletion({{argument}} = "0")] Task<string> AskAsync(string model); }
            """);

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("ref")]
    [InlineData("out")]
    [InlineData("in")]
    public void CACHE005_by_ref_parameter_points_at_the_parameter(string modifier)
    {
        Diagnostic d = Single($$"""
            public interface IP { [CachedCompletion] Task<string> AskAsync(string model, {{modifier}} int count); }
            """, "CACHE005");

        Assert.Equal("count", GeneratorHarness.TextAt(d));
    }

    [Fact]
    public void CACHE006_generic_method_points_at_the_method()
    {
        Diagnostic d = Single("""
            public interface IP { [CachedCompletion] Task<T> AskAsync<T>(string model); }
            """, "CACHE006");

        Assert.Equal("AskAsync", GeneratorHarness.TextAt(d));
    }

    [Fact]
    public void CACHE007_two_caching_attributes()
    {
        Diagnostic d = Single("""
            public interface IP { [CachedCompletion, CachedEmbedding] Task<string> AskAsync(string model); }
            """, "CACHE007");

        Assert.Equal("AskAsync", GeneratorHarness.TextAt(d));
    }

    [Fact]
    public void CACHE008_scope_that_is_not_a_string()
    {
        Diagnostic d = Single("""
            public interface IP { [CachedCompletion] Task<string> AskAsync(string model, [CacheScope] int tenant); }
            """, "CACHE008");

        Assert.Equal("tenant", GeneratorHarness.TextAt(d));
    }

    [Theory]
    [InlineData("public interface IP { [CachedCompletion(Semantic = true)] Task<string> AskAsync(string model, string question); }", "AskAsync", "no free text")]
    [InlineData("public interface IP { [CachedCompletion(Semantic = true)] Task<string> AskAsync(string model, [SemanticText] string question, [SemanticText] string context); }", "AskAsync", "marks 'question' and 'context'")]
    [InlineData("public interface IP { [CachedCompletion(Semantic = true)] Task<string> AskAsync(string model, [SemanticText] int question); }", "question", "must be a string")]
    [InlineData("public interface IP { [CachedCompletion(Semantic = true)] Task<string> AskAsync(string model, [SemanticText, NotCacheKey] string question); }", "question", "[NotCacheKey]")]
    [InlineData("public sealed record Q(string Model, [property: SemanticText, System.Text.Json.Serialization.JsonIgnore] string Text, int N); public interface IP { [CachedCompletion(Semantic = true)] Task<string> AskAsync(Q request); }", "Text", "not on the wire")]
    public void CACHE010_semantic_method_without_one_keyed_string_text(string source, string location, string reason)
    {
        Diagnostic d = Single(source, "CACHE010");

        Assert.Equal(location, GeneratorHarness.TextAt(d));
        Assert.Contains(reason, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_semantic_text_on_a_method_that_is_not_semantic_changes_nothing()
    {
        IReadOnlyList<Diagnostic> diagnostics = GeneratorHarness.Analyze(Usings + """
            public interface IP { [CachedCompletion] Task<string> AskAsync(string model, [SemanticText] string question); }
            """);

        Assert.Empty(diagnostics);
    }

    [Theory]
    [InlineData("public interface IP<T> { [CachedCompletion] Task<string> AskAsync(string model); }", "generic")]
    [InlineData("public class Outer { public interface IP { [CachedCompletion] Task<string> AskAsync(string model); } }", "nested")]
    [InlineData("public interface IP { event EventHandler Changed; [CachedCompletion] Task<string> AskAsync(string model); }", "event")]
    public void CACHE009_interface_that_cannot_be_decorated(string source, string reason)
    {
        Diagnostic d = Single(source, "CACHE009");

        Assert.Equal("IP", GeneratorHarness.TextAt(d));
        Assert.Contains(reason, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void Pragma_disables_a_diagnostic()
    {
        IReadOnlyList<Diagnostic> diagnostics = GeneratorHarness.Analyze(reportSuppressed: true, Usings + """
            public interface IP
            {
            #pragma warning disable CACHE001
                [CachedCompletion] Task<string> AskAsync(string prompt);
            #pragma warning restore CACHE001
            }
            """);

        Diagnostic suppressed = Assert.Single(diagnostics);
        Assert.Equal("CACHE001", suppressed.Id);
        Assert.True(suppressed.IsSuppressed);
    }

    [Fact]
    public void Without_the_pragma_the_same_source_reports_the_diagnostic()
    {
        Diagnostic d = Single("""
            public interface IP
            {
                [CachedCompletion] Task<string> AskAsync(string prompt);
            }
            """, "CACHE001");

        Assert.False(d.IsSuppressed);
    }

    [Fact]
    public void The_wire_contract_scenario_has_no_diagnostics() => Assert.Empty(GeneratorHarness.Analyze(Scenarios.WireContract));

    [Fact]
    public void A_refused_type_is_reported_for_every_method_that_uses_it()
    {
        IReadOnlyList<Diagnostic> diagnostics = GeneratorHarness.Analyze(Usings + """
            public sealed class Secretive { private readonly string _text = ""; public int Length => _text.Length; }
            public interface IP
            {
                [CachedCompletion] Task<string> FirstAsync(string model, Secretive secret);
                [CachedCompletion] Task<string> SecondAsync(string model, Secretive secret);
            }
            """);

        Assert.Equal(2, diagnostics.Count(d => d.Id == "CACHE003"));
        Assert.Contains(diagnostics, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("IP.FirstAsync", System.StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("IP.SecondAsync", System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ReadOnlyMemory<char> text")]
    [InlineData("System.Numerics.BigInteger seed")]
    [InlineData("Uri link")]
    [InlineData("Half scale")]
    [InlineData("Int128 id")]
    [InlineData("DateOnly day")]
    [InlineData("TimeOnly time")]
    [InlineData("System.Text.Json.Nodes.JsonObject schema")]
    [InlineData("System.Text.Json.JsonDocument document")]
    [InlineData("object? anything")]
    [InlineData("Dictionary<string, object?> extra")]
    public void Wire_types_are_accepted(string parameter)
    {
        Assert.Empty(GeneratorHarness.Analyze(Usings + $$"""
            public interface IP { [CachedCompletion] Task<string> AskAsync(string model, {{parameter}}); }
            """));
    }

    [Fact]
    public void A_dictionary_type_whose_members_implement_its_interfaces_is_accepted()
    {
        Assert.Empty(GeneratorHarness.Analyze(Usings + """
            public sealed class Properties : IDictionary<string, object?>
            {
                private readonly Dictionary<string, object?> _inner = new();
                public object? this[string key] { get => _inner[key]; set => _inner[key] = value; }
                public ICollection<string> Keys => _inner.Keys;
                public ICollection<object?> Values => _inner.Values;
                public int Count => _inner.Count;
                public bool IsReadOnly => false;
                public void Add(string key, object? value) => _inner.Add(key, value);
                public void Add(KeyValuePair<string, object?> item) => _inner.Add(item.Key, item.Value);
                public void Clear() => _inner.Clear();
                public bool Contains(KeyValuePair<string, object?> item) => _inner.ContainsKey(item.Key);
                public bool ContainsKey(string key) => _inner.ContainsKey(key);
                public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) { }
                public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _inner.GetEnumerator();
                public bool Remove(string key) => _inner.Remove(key);
                public bool Remove(KeyValuePair<string, object?> item) => _inner.Remove(item.Key);
                public bool TryGetValue(string key, out object? value) => _inner.TryGetValue(key, out value);
                System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
            }
            public interface IP { [CachedCompletion] Task<string> AskAsync(string model, Properties extra); }
            """));
    }

    [Fact]
    public void A_derived_type_without_members_is_accepted_under_its_discriminator()
    {
        Assert.Empty(GeneratorHarness.Analyze(Usings + """
            [System.Text.Json.Serialization.JsonPolymorphic]
            [System.Text.Json.Serialization.JsonDerivedType(typeof(Auto), "auto")]
            [System.Text.Json.Serialization.JsonDerivedType(typeof(Never), "none")]
            public abstract class ToolMode;
            public sealed class Auto : ToolMode;
            public sealed class Never : ToolMode;
            public interface IP { [CachedCompletion] Task<string> AskAsync(string model, ToolMode mode); }
            """));
    }

    [Fact]
    public void A_polymorphic_base_without_derived_types_is_refused()
    {
        Diagnostic d = Single("""
            [System.Text.Json.Serialization.JsonPolymorphic]
            public abstract record Part;
            public interface IP { [CachedCompletion] Task<string> AskAsync(string model, Part part); }
            """, "CACHE003");

        Assert.Contains("[JsonDerivedType]", d.GetMessage(System.Globalization.CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_and_a_cache_model_on_a_base_record_are_found()
    {
        Assert.Empty(GeneratorHarness.Analyze(Usings + """
            public abstract record Base { public required string Model { get; init; } }
            public sealed record Request : Base { public string? Prompt { get; init; } }
            public abstract record MarkedBase { [CacheModel] public required string Engine { get; init; } }
            public sealed record Marked : MarkedBase { public string? Prompt { get; init; } }
            public interface IP
            {
                [CachedCompletion] Task<string> AskAsync(Request request);
                [CachedCompletion] Task<string> TellAsync(Marked request);
            }
            """));
    }

    [Fact]
    public void The_issue_example_has_no_diagnostics() => Assert.Empty(GeneratorHarness.Analyze(Scenarios.ChatProvider));

    [Fact]
    public void Every_descriptor_is_listed_in_the_release_tracking_file()
    {
        string unshipped = System.IO.File.ReadAllText(System.IO.Path.Combine(RepositoryRoot(), "src", "Caching.Generators", "AnalyzerReleases.Unshipped.md"));
        foreach (DiagnosticDescriptor descriptor in new CachingAnalyzer().SupportedDiagnostics)
        {
            Assert.Contains(descriptor.Id + " | Caching | Error", unshipped, System.StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(path)!, "..", "..", ".."));
}
