using System;
using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gateway.Hosting;

/// <summary>
/// The keys clients present (<c>Authorization: Bearer {key}</c>) and how they are checked: as SHA-256 hashes of their
/// UTF-8 bytes, compared in constant time, so that timing reveals neither a key nor its length. Configured keys are
/// hashed once, at start-up; a presented key is hashed once per request.
/// </summary>
internal static class SecretKeys
{
    private const string Bearer = "Bearer ";

    /// <summary>The bearer token of the request, or empty.</summary>
    public static ReadOnlySpan<char> BearerOf(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        return header is not null && header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase)
            ? header.AsSpan(Bearer.Length).Trim()
            : [];
    }

    public static byte[] HashOf(ReadOnlySpan<char> key)
    {
        byte[] hash = new byte[SHA256.HashSizeInBytes];
        HashOf(key, hash);
        return hash;
    }

    public static void HashOf(ReadOnlySpan<char> key, Span<byte> hash)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = maxBytes > 512 ? ArrayPool<byte>.Shared.Rent(maxBytes) : null;
        Span<byte> buffer = rented ?? stackalloc byte[512];
        int length = Encoding.UTF8.GetBytes(key, buffer);
        SHA256.HashData(buffer[..length], hash);

        // The key's bytes do not outlive the check.
        CryptographicOperations.ZeroMemory(buffer[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Whether the request's bearer token is the key whose hash is <paramref name="expected"/>.</summary>
    public static bool Presents(HttpRequest request, byte[] expected)
    {
        ReadOnlySpan<char> presented = BearerOf(request);
        if (presented.IsEmpty)
        {
            return false;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashOf(presented, hash);
        return CryptographicOperations.FixedTimeEquals(hash, expected);
    }
}
