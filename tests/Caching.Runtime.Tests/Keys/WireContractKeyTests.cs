using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Caching.Tests.Keys;

/// <summary>Raw JSON, values typed object and the scalar types beyond the primitives, keyed by what goes on the wire.</summary>
public class WireContractKeyTests
{
    private static string JsonHash(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        return KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteJsonElement(root));
    }

    private static string ObjectHash(object? value) => KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteObjectValue(value));

    // Golden vectors of format version 2, computed by an independent encoder written from docs/KEY-FORMAT.md.
    [Fact]
    public void Golden_vector_json_in_property_order_with_an_escaped_lone_surrogate()
    {
        Assert.Equal(
            "2ae699196f0302ca0a13148334f5e82c5b5c7da40af5f7591afc24bb1ca9853d",
            JsonHash("""{"b":[1,"x\u0041"],"a":{"s":"\ud800"},"n":1.0,"t":true,"z":null}"""));
    }

    [Fact]
    public void Golden_vector_scalars_added_in_version_2()
    {
        string hash = KeyBytes.Hash((ref CacheKeyWriter w) =>
        {
            w.WriteBigInteger(BigInteger.Pow(2, 70));
            w.WriteInt128(-5);
            w.WriteHalf((Half)0.5);
            w.WriteDateOnly(new DateOnly(2026, 1, 2));
            w.WriteTimeOnly(new TimeOnly(13, 30));
            w.WriteUri(new Uri("a/b?c", UriKind.Relative));
            w.WriteDiscriminator("image");
        });

        Assert.Equal("42033aa80f0343d4e737dd4da2e0d222d0adc216a48a84ed7b09ef0514e529db", hash);
    }

    [Fact]
    public void Json_property_order_is_part_of_the_key()
    {
        Assert.NotEqual(JsonHash("""{"a":1,"b":2}"""), JsonHash("""{"b":2,"a":1}"""));
    }

    [Fact]
    public void Json_whitespace_and_escapes_are_not_part_of_the_key()
    {
        Assert.Equal(JsonHash("""{"a":[1,"A"]}"""), JsonHash(" {\n \"a\" : [ 1 , \"\\u0041\" ] }\t"));
        Assert.Equal(JsonHash("""{"\u0061":"\/"}"""), JsonHash("""{"a":"/"}"""));
    }

    [Fact]
    public void Json_numbers_are_keyed_by_their_text()
    {
        Assert.NotEqual(JsonHash("1"), JsonHash("1.0"));
        Assert.NotEqual(JsonHash("[0.1,100]"), JsonHash("[100,0.1]"));
    }

    [Fact]
    public void Json_strings_with_different_lone_surrogates_never_collide_and_never_throw()
    {
        string high = JsonHash("""{"s":"\ud800"}""");
        string low = JsonHash("""{"s":"\udc00"}""");
        string replacement = JsonHash("""{"s":"\ufffd"}""");
        string pair = JsonHash("""{"s":"\ud83d\ude00"}""");

        Assert.Equal(4, new HashSet<string> { high, low, replacement, pair }.Count);
        Assert.Equal(pair, JsonHash("{\"s\":\"\U0001F600\"}"));
        Assert.Equal(high, JsonHash("""{"s":"\ud800"}"""));
    }

    [Fact]
    public void A_json_string_equals_the_same_csharp_string()
    {
        Assert.Equal(JsonHash("\"h\\u00e9llo\\n\""), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteString("héllo\n")));
        Assert.Equal(JsonHash("\"\\ud800x\""), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteString("\ud800x")));
    }

    [Fact]
    public void Json_nodes_documents_and_elements_of_the_same_json_share_a_key()
    {
        const string Json = """{"schema":{"type":"object","properties":{"b":{"type":"string"},"a":{"type":"integer"}}},"n":[1,2.5,"x",null,true]}""";
        using JsonDocument document = JsonDocument.Parse(Json);
        JsonNode node = JsonNode.Parse(Json)!;
        var built = new JsonObject
        {
            ["schema"] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject { ["b"] = new JsonObject { ["type"] = "string" }, ["a"] = new JsonObject { ["type"] = "integer" } },
            },
            ["n"] = new JsonArray(1, 2.5, "x", null, true),
        };

        string fromElement = JsonHash(Json);
        Assert.Equal(fromElement, KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteJsonDocument(document)));
        Assert.Equal(fromElement, KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteJsonNode(node)));
        Assert.Equal(fromElement, KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteJsonNode(built)));
        Assert.Equal(JsonHash("null"), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteJsonNode(null)));
    }

    [Fact]
    public void Object_values_are_keyed_by_their_runtime_type()
    {
        var values = new object?[]
        {
            null, "1", 1, 1.5, 1.5m, true, 'c', Guid.Empty, new DateOnly(2026, 1, 2), new TimeOnly(1, 2),
            new byte[] { 1 }, new[] { "a", "b" }, new List<object?> { "a", 1 },
            new Dictionary<string, object?> { ["k"] = "v" }, new Dictionary<string, object?> { ["k"] = "w" },
            JsonDocument.Parse("""{"k":"x"}""").RootElement, JsonNode.Parse("[1]"), BigInteger.Pow(10, 30), new Uri("https://x/"),
        };

        var hashes = new HashSet<string>();
        foreach (object? value in values)
        {
            Assert.True(hashes.Add(ObjectHash(value)), $"{value} collided");
            Assert.Equal(ObjectHash(value), ObjectHash(value));
        }

        // Equal on the wire, equal in the key: 1 as an int or a long is the same JSON number.
        Assert.Equal(ObjectHash(1), ObjectHash(1L));
        Assert.Equal(ObjectHash(new Dictionary<string, object?> { ["k"] = "v" }), ObjectHash(JsonDocument.Parse("""{"k":"v"}""").RootElement));
    }

    [Fact]
    public void Object_dictionaries_are_keyed_in_sorted_key_order_whatever_their_insertion_order()
    {
        var first = new Dictionary<string, object?> { ["a"] = 1, ["b"] = new Dictionary<string, object?> { ["x"] = null } };
        var second = new Dictionary<string, object?> { ["b"] = new Dictionary<string, object?> { ["x"] = null }, ["a"] = 1 };

        Assert.Equal(ObjectHash(first), ObjectHash(second));
    }

    [Fact]
    public void An_object_of_an_unknown_type_cannot_be_keyed_rather_than_keyed_partially()
    {
        Assert.Throws<CacheKeyUnsupportedValueException>(() => ObjectHash(new System.Text.StringBuilder("secret")));
        Assert.Throws<CacheKeyUnsupportedValueException>(() => ObjectHash(new List<object?> { "ok", new object() }));
        Assert.Throws<CacheKeyUnsupportedValueException>(() => ObjectHash(new Dictionary<int, string> { [1] = "x" }));
    }

    [Fact]
    public void Integers_of_every_size_are_keyed_by_value()
    {
        Assert.Equal(KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteInt64(5)), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteBigInteger(5)));
        Assert.Equal(KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteInt64(-5)), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteInt128(-5)));
        Assert.Equal(KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteUInt64(ulong.MaxValue)), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteUInt128(ulong.MaxValue)));
        Assert.NotEqual(KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteBigInteger(BigInteger.Pow(2, 80))), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteBigInteger(BigInteger.Pow(2, 81))));
        Assert.NotEqual(KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteInt128(Int128.MaxValue)), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteInt128(Int128.MinValue)));
    }

    [Fact]
    public void Relative_and_absolute_uris_are_keyed_by_their_original_string()
    {
        Assert.NotEqual(KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteUri(new Uri("a/b", UriKind.Relative))), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteUri(new Uri("a/c", UriKind.Relative))));
        Assert.NotEqual(KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteUri(new Uri("https://x/a"))), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteUri(new Uri("https://x/b"))));
        Assert.Equal(KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteNull()), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteUri(null)));
    }
}
