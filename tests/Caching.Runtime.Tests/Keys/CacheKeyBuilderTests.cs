namespace Caching.Tests.Keys;

public class CacheKeyBuilderTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void Keys_keep_the_seed_format()
    {
        Assert.Equal($"chat:gpt-4o:{Hash}", CacheKeyBuilder.ChatCompletionKey("gpt-4o", Hash));
        Assert.Equal($"embedding:text-embedding-3-small:{Hash}", CacheKeyBuilder.EmbeddingKey("text-embedding-3-small", Hash));
        Assert.Equal($"image:dall-e-3:{Hash}", CacheKeyBuilder.ImageGenerationKey("dall-e-3", Hash));
    }

    [Fact]
    public void Colons_and_percents_in_a_model_are_escaped_so_they_cannot_fake_a_separator()
    {
        Assert.Equal($"chat:ft%3Agpt-4o%3Aorg:{Hash}", CacheKeyBuilder.ChatCompletionKey("ft:gpt-4o:org", Hash));
        Assert.Equal("100%25", CacheKeyBuilder.EscapeKeyPart("100%"));
        Assert.NotEqual(CacheKeyBuilder.EscapeKeyPart("a:b"), CacheKeyBuilder.EscapeKeyPart("a%3Ab"));
    }

    [Fact]
    public void Scoped_keys_put_the_scope_first()
    {
        Assert.Equal($"scope:acme:chat:gpt-4o:{Hash}", CacheKeyBuilder.ScopedKey("acme", $"chat:gpt-4o:{Hash}"));
        Assert.Equal("scope:a%3Ab:k", CacheKeyBuilder.ScopedKey("a:b", "k"));
    }

    [Fact]
    public void Hash_content_is_sha256_of_utf8_in_lowercase_hex()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", CacheKeyBuilder.HashContent("abc"));
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", CacheKeyBuilder.HashContent(string.Empty));
        Assert.Equal(64, CacheKeyBuilder.HashContent(new string('x', 5000)).Length);
    }

    [Theory]
    [InlineData("gpt-4o", "gpt-4o")]
    [InlineData("a*b", "a\\*b")]
    [InlineData("x?y", "x\\?y")]
    [InlineData("[v1]", "\\[v1\\]")]
    [InlineData("back\\slash", "back\\\\slash")]
    [InlineData("ft:gpt-4o:org", "ft%3Agpt-4o%3Aorg")]
    public void Escape_pattern_escapes_glob_characters_and_key_separators(string part, string expected)
    {
        Assert.Equal(expected, CacheKeyBuilder.EscapePattern(part));
    }

    [Fact]
    public void Writer_key_equals_builder_key_of_the_writer_hash()
    {
        var writer = new CacheKeyWriter();
        try
        {
            writer.WriteString("hello");
            string hash = writer.ToHashHex();
            Assert.Equal(CacheKeyBuilder.ChatCompletionKey("ft:m", hash), writer.ToKey("chat", "ft:m"));
            Assert.Equal(CacheKeyBuilder.ScopedKey("t1", CacheKeyBuilder.ImageGenerationKey("m", hash)), writer.ToKey("image", "m", "t1"));
        }
        finally
        {
            writer.Dispose();
        }
    }
}
