using System;
using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Caching;

/// <summary>
/// Builds logical cache keys: <c>chat:{model}:{hash}</c>, <c>embedding:{model}:{hash}</c>, <c>image:{model}:{hash}</c>,
/// and <c>scope:{scope}:{key}</c> for scoped entries. Key parts (model, scope) are escaped so that ':' and '%' inside
/// them cannot be confused with separators; ordinary model names ("gpt-4o") are unchanged.
/// </summary>
public static class CacheKeyBuilder
{
    /// <summary>The first segment of chat-completion keys.</summary>
    public const string ChatKind = "chat";

    /// <summary>The first segment of embedding keys.</summary>
    public const string EmbeddingKind = "embedding";

    /// <summary>The first segment of image-generation keys.</summary>
    public const string ImageKind = "image";

    /// <summary>The first segment of scoped keys.</summary>
    public const string ScopePrefix = "scope";

    private const int HashHexLength = 64;
    private const int StackKeyLimit = 512;
    private static readonly SearchValues<char> KeyPartSpecials = SearchValues.Create(":%");
    private static readonly SearchValues<char> GlobSpecials = SearchValues.Create("*?[]\\");

    /// <summary><c>chat:{model}:{messagesHash}</c>.</summary>
    public static string ChatCompletionKey(string model, string messagesHash) => Key(ChatKind, model, messagesHash);

    /// <summary><c>embedding:{model}:{inputHash}</c>.</summary>
    public static string EmbeddingKey(string model, string inputHash) => Key(EmbeddingKind, model, inputHash);

    /// <summary><c>image:{model}:{promptHash}</c>.</summary>
    public static string ImageGenerationKey(string model, string promptHash) => Key(ImageKind, model, promptHash);

    /// <summary><c>scope:{scope}:{key}</c>: the layout that keeps scopes apart and lets one pattern remove a whole scope.</summary>
    public static string ScopedKey(string? scope, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return string.Concat(ScopePrefix + ":", EscapeKeyPart(scope ?? string.Empty), ":", key);
    }

    /// <summary>The SHA-256 of the UTF-8 bytes of <paramref name="content"/>, as 64 lowercase hexadecimal characters.</summary>
    public static string HashContent(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        int maxBytes = Encoding.UTF8.GetMaxByteCount(content.Length);
        byte[]? rented = maxBytes > 1024 ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> buffer = rented ?? stackalloc byte[1024];
        try
        {
            int length = Encoding.UTF8.GetBytes(content, buffer);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer[..length], hash);
            return Convert.ToHexStringLower(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Escapes ':' and '%' in a key part (model, scope) as %3A and %25, so that a part can never be mistaken for a
    /// separator. Text without them is returned as it is.
    /// </summary>
    public static string EscapeKeyPart(string part)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (!part.AsSpan().ContainsAny(KeyPartSpecials))
        {
            return part;
        }

        var builder = new StringBuilder(part.Length + 8);
        AppendEscapedKeyPart(builder, part);
        return builder.ToString();
    }

    /// <summary>
    /// Turns a key part (a model or a scope) into pattern text that matches exactly that part: the part is escaped as in
    /// the key (<see cref="EscapeKeyPart(string)"/>) and the glob characters * ? [ ] \ are escaped with a backslash.
    /// <c>InvalidateAsync("chat:" + EscapePattern(model) + ":*")</c> matches that model only.
    /// </summary>
    public static string EscapePattern(string part)
    {
        string escaped = EscapeKeyPart(part);
        if (!escaped.AsSpan().ContainsAny(GlobSpecials))
        {
            return escaped;
        }

        var builder = new StringBuilder(escaped.Length + 8);
        foreach (char c in escaped)
        {
            if (GlobSpecials.Contains(c))
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Composes a key from a kind, a model and a raw 32-byte hash in one allocation.</summary>
    internal static string Compose(string kind, string model, ReadOnlySpan<byte> hash, string? scope)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(model);
        string escapedModel = EscapeKeyPart(model);
        string? escapedScope = scope is null ? null : EscapeKeyPart(scope);
        int length = kind.Length + 1 + escapedModel.Length + 1 + HashHexLength;
        if (escapedScope is not null)
        {
            length += ScopePrefix.Length + 1 + escapedScope.Length + 1;
        }

        char[]? rented = length > StackKeyLimit ? ArrayPool<char>.Shared.Rent(length) : null;
        Span<char> chars = rented ?? stackalloc char[StackKeyLimit];
        try
        {
            int position = 0;
            if (escapedScope is not null)
            {
                Append(chars, ref position, ScopePrefix);
                chars[position++] = ':';
                Append(chars, ref position, escapedScope);
                chars[position++] = ':';
            }

            Append(chars, ref position, kind);
            chars[position++] = ':';
            Append(chars, ref position, escapedModel);
            chars[position++] = ':';
            Convert.TryToHexStringLower(hash, chars[position..], out int written);
            position += written;
            return new string(chars[..position]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static string Key(string kind, string model, string hash)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(hash);
        return string.Concat(kind, ":", EscapeKeyPart(model), ":", hash);
    }

    private static void Append(Span<char> destination, ref int position, string value)
    {
        value.AsSpan().CopyTo(destination[position..]);
        position += value.Length;
    }

    private static void AppendEscapedKeyPart(StringBuilder builder, string part)
    {
        foreach (char c in part)
        {
            _ = c switch
            {
                ':' => builder.Append("%3A"),
                '%' => builder.Append("%25"),
                _ => builder.Append(c),
            };
        }
    }
}
