using System;
using System.Collections.Generic;

namespace Caching.Tests.Keys;

public class CacheKeyWriterTests
{
    [Fact]
    public void Encoding_of_a_named_string_is_header_then_tagged_length_prefixed_utf8()
    {
        byte[] bytes = KeyBytes.Bytes((ref CacheKeyWriter w) =>
        {
            w.WriteName("m"u8);
            w.WriteString("é");
        });

        Assert.Equal(
            new byte[] { 0xFF, 0x02, 0x10, 1, 0, 0, 0, (byte)'m', 0x07, 2, 0, 0, 0, 0xC3, 0xA9 },
            bytes);
    }

    [Fact]
    public void Encoding_of_numbers_is_fixed_width_little_endian()
    {
        byte[] bytes = KeyBytes.Bytes((ref CacheKeyWriter w) =>
        {
            w.WriteInt64(1);
            w.WriteDouble(1.0);
            w.WriteBoolean(true);
            w.WriteNull();
        });

        Assert.Equal(
            new byte[]
            {
                0xFF, 0x02,
                0x03, 1, 0, 0, 0, 0, 0, 0, 0,
                0x05, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F,
                0x02,
                0x00,
            },
            bytes);
    }

    // Golden vectors: these hashes pin format version 2, and were computed by an independent encoder written from
    // docs/KEY-FORMAT.md (not by this code). If one changes, the format changed: that is a new
    // FormatVersion and an entry in docs/KEY-FORMAT.md, never an edit of these strings.
    [Fact]
    public void Golden_vector_empty_encoding()
    {
        Assert.Equal("1cfcb0bd04645357156bdeaab8c62ef2c2747ba06b48c83a5bf0c40b9b079c40", KeyBytes.Hash((ref CacheKeyWriter _) => { }));
    }

    [Fact]
    public void Golden_vector_chat_request()
    {
        string hash = KeyBytes.Hash((ref CacheKeyWriter w) =>
        {
            w.WriteName("request"u8);
            w.BeginObject();
            w.WriteName("Messages"u8);
            w.BeginSequence();
            w.BeginObject();
            w.WriteName("Role"u8);
            w.WriteString("user");
            w.WriteName("Content"u8);
            w.WriteString("Hello");
            w.EndObject();
            w.EndSequence();
            w.WriteName("Temperature"u8);
            w.WriteDouble(0.2);
            w.WriteName("MaxTokens"u8);
            w.WriteInt64(512);
            w.EndObject();
        });

        Assert.Equal("2d4acb5a467bdbc8eb021a51231d965fb7180e452b9a3c339adc6be4b094fb03", hash);
    }

    [Fact]
    public void Golden_vector_every_scalar_kind()
    {
        string hash = KeyBytes.Hash((ref CacheKeyWriter w) =>
        {
            w.WriteBoolean(false);
            w.WriteInt64(-42);
            w.WriteUInt64(ulong.MaxValue);
            w.WriteDouble(double.NaN);
            w.WriteDecimal(1.50m);
            w.WriteString("ü");
            w.WriteBytes([1, 2, 3]);
            w.WriteEnum(DayOfWeek.Friday);
            w.WriteDateTime(new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
            w.WriteDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)));
            w.WriteTimeSpan(TimeSpan.FromSeconds(90));
            w.WriteGuid(new Guid("01234567-89ab-cdef-0123-456789abcdef"));
            w.BeginMap();
            w.WriteString("k");
            w.WriteInt64(1);
            w.EndMap();
        });

        Assert.Equal("e3fe3ea7bf0a6de4071f2522b85a6e399763428d9fbe5b96d5f3ad391022d193", hash);
    }

    [Fact]
    public void Strings_split_differently_never_collide()
    {
        string abThenC = KeyBytes.Hash((ref CacheKeyWriter w) => { w.WriteString("ab"); w.WriteString("c"); });
        string aThenBc = KeyBytes.Hash((ref CacheKeyWriter w) => { w.WriteString("a"); w.WriteString("bc"); });
        Assert.NotEqual(abThenC, aThenBc);
    }

    [Fact]
    public void Numbers_moved_between_fields_never_collide()
    {
        string first = KeyBytes.Hash((ref CacheKeyWriter w) =>
        {
            w.WriteName("temperature"u8);
            w.WriteDouble(0.1);
            w.WriteName("max_tokens"u8);
            w.WriteDouble(100);
        });
        string second = KeyBytes.Hash((ref CacheKeyWriter w) =>
        {
            w.WriteName("temperature"u8);
            w.WriteDouble(100);
            w.WriteName("max_tokens"u8);
            w.WriteDouble(0.1);
        });
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Name_and_value_boundaries_never_collide()
    {
        string one = KeyBytes.Hash((ref CacheKeyWriter w) => { w.WriteName("ab"u8); w.WriteString("c"); });
        string two = KeyBytes.Hash((ref CacheKeyWriter w) => { w.WriteName("a"u8); w.WriteString("bc"); });
        Assert.NotEqual(one, two);
    }

    [Fact]
    public void Negative_zero_hashes_as_zero()
    {
        Assert.Equal(
            KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteDouble(0.0)),
            KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteDouble(-0.0)));
    }

    [Fact]
    public void Every_nan_hashes_as_one_nan()
    {
        double otherNan = BitConverter.Int64BitsToDouble(unchecked((long)0xFFF8_0000_0000_0001));
        Assert.True(double.IsNaN(otherNan));
        Assert.Equal(
            KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteDouble(double.NaN)),
            KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteDouble(otherNan)));
    }

    [Fact]
    public void Decimals_equal_in_value_hash_equal()
    {
        Assert.Equal(
            KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteDecimal(1.0m)),
            KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteDecimal(1.00m)));
    }

    [Fact]
    public void Null_differs_from_empty_string_and_empty_sequence()
    {
        string nullHash = KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteString(null));
        string empty = KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteString(string.Empty));
        string emptySequence = KeyBytes.Hash((ref CacheKeyWriter w) => { w.BeginSequence(); w.EndSequence(); });
        Assert.Equal(3, new HashSet<string> { nullHash, empty, emptySequence }.Count);
    }

    [Fact]
    public void Element_moved_out_of_a_nested_sequence_changes_the_hash()
    {
        string nested = KeyBytes.Hash((ref CacheKeyWriter w) =>
        {
            w.BeginSequence();
            w.WriteString("a");
            w.BeginSequence();
            w.WriteString("b");
            w.EndSequence();
            w.EndSequence();
        });
        string flat = KeyBytes.Hash((ref CacheKeyWriter w) =>
        {
            w.BeginSequence();
            w.WriteString("a");
            w.BeginSequence();
            w.EndSequence();
            w.WriteString("b");
            w.EndSequence();
        });
        Assert.NotEqual(nested, flat);
    }

    [Fact]
    public void Unpaired_surrogates_are_not_confused_with_the_replacement_character()
    {
        string lone = KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteString("\uD800"));
        string otherLone = KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteString("\uD801"));
        string replacement = KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteString("\uFFFD"));
        Assert.Equal(3, new HashSet<string> { lone, otherLone, replacement }.Count);
    }

    [Fact]
    public void Integer_widths_of_one_value_hash_equal_and_signs_differ()
    {
        Assert.Equal(KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteInt64(7)), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteUInt64(7)));
        Assert.NotEqual(KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteInt64(-1)), KeyBytes.Hash((ref CacheKeyWriter w) => w.WriteUInt64(ulong.MaxValue)));
    }

    [Fact]
    public void Sorted_entries_order_string_keys_ordinally()
    {
        var dictionary = new Dictionary<string, int> { ["b"] = 2, ["B"] = 3, ["a"] = 1 };
        KeyValuePair<string, int>[] sorted = CacheKeyWriter.SortedEntries(dictionary);
        Assert.Equal(["B", "a", "b"], Array.ConvertAll(sorted, e => e.Key));
    }

    [Fact]
    public void Large_inputs_grow_the_buffer_without_changing_the_encoding()
    {
        string big = new('x', 100_000);
        byte[] bytes = KeyBytes.Bytes((ref CacheKeyWriter w) => w.WriteString(big));
        Assert.Equal(2 + 1 + 4 + 100_000, bytes.Length);
    }

    [Fact]
    public void Hashing_a_request_allocates_only_the_key_string()
    {
        static string BuildKey()
        {
            var writer = new CacheKeyWriter();
            try
            {
                writer.WriteName("content"u8);
                writer.WriteString("some prompt text that is long enough to matter");
                writer.WriteName("temperature"u8);
                writer.WriteDouble(0.7);
                return writer.ToKey("chat", "gpt-4o");
            }
            finally
            {
                writer.Dispose();
            }
        }

        BuildKey();
        long before = GC.GetAllocatedBytesForCurrentThread();
        string key = BuildKey();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        long keyStringSize = 22 + (2L * key.Length);
        Assert.InRange(allocated, 0, keyStringSize + 8);
    }
}
