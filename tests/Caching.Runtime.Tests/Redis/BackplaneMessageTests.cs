using Caching.Distributed;
using Caching.Redis;

namespace Caching.Tests.Redis;

/// <summary>The backplane's text format: every change survives the round trip, and text it does not know is ignored.</summary>
public sealed class BackplaneMessageTests
{
    [Theory]
    [InlineData("chat:gpt-4o:abc", "chat:gpt-4o:def")]
    [InlineData("scope:t|1:chat:m:p", "scope:t|1:chat:m:k|2")]
    [InlineData("", "k")]
    public void An_indexed_text_keeps_its_partition_and_key_even_with_bars_in_them(string partition, string key)
    {
        string text = BackplaneMessage.For("i1", "gw", new CacheChange(CacheChangeKind.Indexed, key) { Partition = partition }).ToString();

        Assert.True(BackplaneMessage.TryParse(text, out BackplaneMessage message));
        CacheChange change = message.Change!.Value;
        Assert.Equal((CacheChangeKind.Indexed, key, partition), (change.Kind, change.Argument, change.Partition));
    }

    [Theory]
    [InlineData("1|i1|gw|X|nonsense")]
    [InlineData("1|i1|gw|X|99|short")]
    [InlineData("1|i1|gw|Z|anything")]
    public void A_malformed_or_unknown_change_is_ignored(string text)
    {
        Assert.True(BackplaneMessage.TryParse(text, out BackplaneMessage message));
        Assert.Null(message.Change);
    }
}
