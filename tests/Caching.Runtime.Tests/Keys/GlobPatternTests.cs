namespace Caching.Tests.Keys;

public class GlobPatternTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("chat:*", "chat:gpt-4o:abc", true)]
    [InlineData("chat:*", "embedding:m:abc", false)]
    [InlineData("h?llo", "hello", true)]
    [InlineData("h?llo", "hllo", false)]
    [InlineData("h[ae]llo", "hallo", true)]
    [InlineData("h[ae]llo", "hillo", false)]
    [InlineData("h[^e]llo", "hallo", true)]
    [InlineData("h[^e]llo", "hello", false)]
    [InlineData("h[a-c]llo", "hbllo", true)]
    [InlineData("h[a-c]llo", "hdllo", false)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axxb", false)]
    [InlineData("*:*:end", "a:b:c:end", true)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbY", false)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    public void Matches_like_redis(string pattern, string key, bool expected)
    {
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(key));
    }
}
