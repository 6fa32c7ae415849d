using System;

namespace Caching.Tests.Configuration;

public class CacheDurationTests
{
    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("90s", 90_000)]
    [InlineData("30m", 1_800_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1h30m", 5_400_000)]
    [InlineData("1d2h3m4s5ms", 93_784_005)]
    [InlineData(" 10m ", 600_000)]
    public void Parses_the_grammar(string text, long milliseconds)
    {
        Assert.True(CacheDuration.TryParse(text, out TimeSpan duration, out _));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1x")]
    [InlineData("-5m")]
    [InlineData("0s")]
    [InlineData("10")]
    [InlineData("m")]
    [InlineData("30m1h")]
    [InlineData("1h1h")]
    [InlineData("1.5h")]
    [InlineData("99999999999999999999d")]
    [InlineData("9999999999999d")]
    public void Rejects_anything_else(string text)
    {
        Assert.False(CacheDuration.TryParse(text, out _, out string error));
        Assert.NotEmpty(error);
    }

    [Theory]
    [InlineData("1h30m")]
    [InlineData("250ms")]
    [InlineData("1d1s")]
    public void Format_round_trips(string text)
    {
        Assert.True(CacheDuration.TryParse(text, out TimeSpan duration, out _));
        Assert.Equal(text, CacheDuration.Format(duration));
    }
}
