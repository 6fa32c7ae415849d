using System;
using System.Collections.Generic;

namespace Caching.Tests.Keys;

/// <summary>
/// What generated key methods share: <see cref="CacheKeyWriter.ForOperation"/> writes the same bytes as writing the
/// operation by hand, and <see cref="CacheKeyWriter.Complete"/> gives no key for an encoding that could not key a value.
/// </summary>
public sealed class KeyMethodHelperTests
{
    private const string Operation = "Gateway.IChatProvider.CompleteAsync(Gateway.ChatRequest)";

    [Fact]
    public void ForOperation_writes_the_operation_as_a_named_string_after_the_header()
    {
        var byHand = new CacheKeyWriter();
        byHand.WriteName("$op"u8);
        byHand.WriteString(Operation);
        var helper = CacheKeyWriter.ForOperation("Gateway.IChatProvider.CompleteAsync(Gateway.ChatRequest)"u8);
        try
        {
            Assert.Equal(byHand.WrittenBytes.ToArray(), helper.WrittenBytes.ToArray());
            Assert.Equal(byHand.ToKey("chat", "gpt-4o"), helper.Complete("chat", "gpt-4o"));
        }
        finally
        {
            byHand.Dispose();
        }
    }

    [Fact]
    public void A_utf8_string_is_encoded_as_its_utf16_twin()
    {
        Assert.Equal(
            KeyBytes.Bytes((ref CacheKeyWriter w) => w.WriteString("héllo ☃")),
            KeyBytes.Bytes((ref CacheKeyWriter w) => w.WriteUtf8String("héllo ☃"u8)));
    }

    [Fact]
    public void A_partition_writer_leaves_out_the_semantic_text()
    {
        CacheKeyWriter writer = CacheKeyWriter.ForOperation("op"u8, semanticPartition: true);

        Assert.True(writer.LeavesOutSemanticText);
        writer.Dispose();
    }

    [Fact]
    public void An_unkeyable_value_gives_no_key_and_never_a_partial_one()
    {
        CacheKeyWriter writer = CacheKeyWriter.ForOperation("op"u8);
        writer.WriteName("value"u8);
        writer.WriteObjectValue(new List<object?> { "ok", new object() });

        Assert.True(writer.IsUnkeyable);
        Assert.Null(writer.Complete("chat", "gpt-4o"));
    }

    [Fact]
    public void Code_that_keys_by_hand_is_told_when_a_value_could_not_be_keyed()
    {
        var writer = new CacheKeyWriter();
        try
        {
            writer.WriteObjectValue(new Dictionary<int, string> { [1] = "x" });

            Assert.True(writer.IsUnkeyable);
            bool threw = false;
            try
            {
                _ = writer.ToKey("chat", "gpt-4o");
            }
            catch (CacheKeyUnsupportedValueException)
            {
                threw = true;
            }

            Assert.True(threw);
        }
        finally
        {
            writer.Dispose();
        }
    }
}
