using System;
using System.Security.Cryptography;
using System.Text;

namespace Caching;

/// <summary>Checks the secret a full clear requires, without revealing it or its length through timing.</summary>
internal sealed class AdminKeyCheck
{
    private readonly byte[]? _hash;

    public AdminKeyCheck(string? adminKey) =>
        _hash = adminKey is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(adminKey));

    public bool IsConfigured => _hash is not null;

    public bool Accepts(string? candidate)
    {
        if (_hash is null || candidate is null)
        {
            return false;
        }

        // Comparing fixed-length hashes in constant time reveals neither the key nor its length.
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(candidate), hash);
        return CryptographicOperations.FixedTimeEquals(hash, _hash);
    }
}
