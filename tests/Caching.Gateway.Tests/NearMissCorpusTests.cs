using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Contracts;
using Gateway.Providers;

namespace Caching.Gateway.Tests;

/// <summary>
/// Thousands of near-miss mutations of the reference chat request (benchmarks/workloads/chat-request.json), keyed with the
/// gateway's generated key method: requests that differ on the wire never share a key, and requests that are the same on
/// the wire (whitespace, escapes, property order, fields that are not keyed) always do, whatever the culture.
/// </summary>
public sealed class NearMissCorpusTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static string Key(string json) =>
        CachedLlmProvider.CompleteAsyncKey(JsonSerializer.Deserialize<ChatCompletionRequest>(json, Json)!, scope: null) ?? throw new InvalidOperationException("uncacheable: " + json);

    private static JsonObject Reference() => JsonNode.Parse(File.ReadAllText(WorkloadPath("chat-request.json")))!.AsObject();

    /// <summary>Distinct requests, each as compact JSON (distinct text means a distinct request: object property order is fixed here).</summary>
    private static List<string> Mutations()
    {
        JsonObject reference = Reference();
        var corpus = new List<string> { reference.ToJsonString() };
        JsonArray messages = reference["messages"]!.AsArray();

        void Add(Action<JsonObject> mutate)
        {
            JsonObject copy = reference.DeepClone().AsObject();
            mutate(copy);
            corpus.Add(copy.ToJsonString());
        }

        static JsonObject Message(JsonObject request, int index) => request["messages"]![index]!.AsObject();

        for (int m = 0; m < messages.Count; m++)
        {
            int message = m;
            string content = messages[m]!["content"]!.GetValue<string>();
            for (int i = 0; i < content.Length; i++)
            {
                int at = i;
                char other = content[at] == 'x' ? 'y' : 'x';
                Add(r => Message(r, message)["content"] = content[..at] + other + content[(at + 1)..]);
                Add(r => Message(r, message)["content"] = content.Remove(at, 1));
                if (at % 4 == 0)
                {
                    Add(r => Message(r, message)["content"] = content.Insert(at, " "));
                }

                if (at % 2 == 0 && at + 1 < content.Length && content[at] != content[at + 1])
                {
                    Add(r => Message(r, message)["content"] = content[..at] + content[at + 1] + content[at] + content[(at + 2)..]);
                }
            }

            Add(r => Message(r, message)["content"] = content + " ");
            Add(r => Message(r, message)["content"] = content.ToUpperInvariant());
            foreach (string role in new[] { "system", "user", "assistant", "developer", "tool" }.Where(role => role != messages[message]!["role"]!.GetValue<string>()))
            {
                Add(r => Message(r, message)["role"] = role);
            }

            Add(r => Message(r, message)["name"] = "alice");
            Add(r => r["messages"]!.AsArray().RemoveAt(message));
            if (m + 1 < messages.Count)
            {
                // The last character of one message moved to the start of the next: "ab"+"c" against "a"+"bc".
                string next = messages[m + 1]!["content"]!.GetValue<string>();
                Add(r =>
                {
                    Message(r, message)["content"] = content[..^1];
                    Message(r, message + 1)["content"] = content[^1] + next;
                });
                Add(r =>
                {
                    JsonArray list = r["messages"]!.AsArray();
                    JsonNode moved = list[message]!.DeepClone();
                    list.RemoveAt(message);
                    list.Insert(message + 1, moved);
                });
            }
        }

        foreach (double temperature in Enumerable.Range(0, 201).Select(i => i / 100.0).Concat([0.20000000000000004, 20, -0.0001]).Where(t => t != 0.2))
        {
            Add(r => r["temperature"] = temperature);
        }

        Add(r => r.Remove("temperature"));
        foreach (int tokens in Enumerable.Range(1, 300).Concat([511, 513, 5120, 51_200]))
        {
            Add(r => r["max_tokens"] = tokens);
        }

        Add(r => r.Remove("max_tokens"));
        Add(r => r["max_completion_tokens"] = 512);
        foreach (string model in new[] { "gpt-4o-mini", "GPT-4o", "gpt-4o ", "ft:gpt-4o:org", "gpt-4" })
        {
            Add(r => r["model"] = model);
        }

        Add(r => r["top_p"] = 0.2);
        Add(r => r["seed"] = 1);
        Add(r => r["seed"] = 2);
        Add(r => r["n"] = 2);
        Add(r => r["presence_penalty"] = 0.2);
        Add(r => r["frequency_penalty"] = 0.2);
        Add(r => r["stop"] = "\n");
        Add(r => r["stop"] = new JsonArray("\n"));
        Add(r => r["stop"] = new JsonArray("\n", "END"));
        Add(r => r["logit_bias"] = new JsonObject { ["50256"] = -100 });
        Add(r => r["logit_bias"] = new JsonObject { ["50256"] = -99 });
        Add(r => r["response_format"] = new JsonObject { ["type"] = "json_object" });
        Add(r => r["response_format"] = JsonNode.Parse("""{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}}}}}"""));
        Add(r => r["response_format"] = JsonNode.Parse("""{"type":"json_schema","json_schema":{"name":"s","schema":{"type":"object","properties":{"b":{"type":"integer"},"a":{"type":"string"}}}}}"""));
        Add(r => r["tools"] = JsonNode.Parse("""[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}]"""));
        Add(r => r["tools"] = JsonNode.Parse("""[{"type":"function","function":{"name":"f","parameters":{"type":"object","properties":{"q":{"type":"number"}}}}}]"""));
        Add(r => r["reasoning_effort"] = "high");
        Add(r => r["reasoning_effort"] = "low");
        return corpus;
    }

    [Fact]
    public void Five_thousand_near_miss_mutations_of_the_reference_request_never_collide()
    {
        List<string> corpus = Mutations().Distinct(StringComparer.Ordinal).ToList();
        Assert.True(corpus.Count >= 5000, $"only {corpus.Count} distinct mutations");

        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string request in corpus)
        {
            string key = Key(request);
            Assert.False(owners.TryGetValue(key, out string? other), $"collision:\n{request}\n{other}");
            owners[key] = request;
        }
    }

    [Fact]
    public void Requests_equal_on_the_wire_share_a_key()
    {
        JsonObject reference = Reference();
        string key = Key(reference.ToJsonString());

        var reordered = new JsonObject();
        foreach (KeyValuePair<string, JsonNode?> property in reference.Reverse())
        {
            reordered[property.Key] = property.Value?.DeepClone();
        }

        string escaped = reference.ToJsonString().Replace("\"user\"", "\"\\u0075ser\"", StringComparison.Ordinal);
        string indented = reference.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        JsonObject withUser = reference.DeepClone().AsObject();
        withUser["user"] = "end-user-42";

        Assert.Equal(key, Key(reordered.ToJsonString()));
        Assert.Equal(key, Key(escaped));
        Assert.Equal(key, Key(indented));
        Assert.Equal(key, Key(withUser.ToJsonString()));
    }

    [Fact]
    public void Keys_do_not_depend_on_the_current_culture()
    {
        string json = File.ReadAllText(WorkloadPath("chat-request.json"));
        string invariant = Key(json);
        CultureInfo original = CultureInfo.CurrentCulture;
        var odd = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        odd.NumberFormat.NumberDecimalSeparator = ",";
        odd.NumberFormat.NegativeSign = "~";
        odd.TextInfo.ListSeparator = "|";
        try
        {
            CultureInfo.CurrentCulture = odd;
            CultureInfo.CurrentUICulture = odd;
            Assert.Equal(invariant, Key(json));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
            CultureInfo.CurrentUICulture = original;
        }
    }

    /// <summary>The repository's reference workloads (benchmarks/workloads), copied beside the test assembly at build time.</summary>
    internal static string WorkloadPath(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "workloads", file);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The reference workload {file} was not copied beside the tests (benchmarks/workloads, linked by the test project).", path);
    }
}
