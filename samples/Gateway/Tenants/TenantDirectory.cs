using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Caching;
using Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Gateway.Tenants;

/// <summary>
/// The tenants of <c>Gateway:Tenants</c> and the hashes of their keys. A presented key is hashed and compared with every
/// configured hash in constant time, so that neither a key nor whether it is close to one can be learned by timing. The
/// configuration is read again when it reloads: a key removed from it stops working at once.
/// </summary>
internal sealed class TenantDirectory
{
    private const string HashPrefix = "sha256:";
    private volatile Snapshot _snapshot;

    public TenantDirectory(IConfiguration configuration)
    {
        _snapshot = Read(configuration);
        ChangeToken.OnChange(configuration.GetReloadToken, () => _snapshot = ReadOrKeep(configuration));
    }

    /// <summary>Whether no tenant is configured: the gateway then serves anyone, as one shared pool.</summary>
    public bool IsOpen => _snapshot.Keys.IsEmpty;

    public ImmutableArray<Tenant> Tenants => _snapshot.Tenants;

    /// <summary>The tenant whose key was presented, or null for a missing or unknown key.</summary>
    public Tenant? Resolve(ReadOnlySpan<char> presentedKey)
    {
        if (presentedKey.IsEmpty)
        {
            return null;
        }

        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SecretKeys.HashOf(presentedKey, presented);
        Tenant? match = null;

        // Every hash is compared, whatever matched first, so that the time taken does not depend on which key matched.
        foreach ((byte[] hash, Tenant tenant) in _snapshot.Keys)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, presented))
            {
                match = tenant;
            }
        }

        return match;
    }

    /// <summary>
    /// The configured tenants. A tenant name is a key part of its cache scope and a metric label, so it is kept to
    /// letters, digits, '-' and '_'. Each tenant has one or more keys: <c>ApiKey</c> (a string or a list) or
    /// <c>ApiKeyHash</c> ("sha256:" and 64 hexadecimal digits, so that the key itself need not be in the configuration).
    /// </summary>
    /// <exception cref="CacheConfigException">A tenant has no key, a malformed hash or name, or a key another tenant has.</exception>
    public static Snapshot Read(IConfiguration configuration)
    {
        var tenants = ImmutableArray.CreateBuilder<Tenant>();
        var keys = ImmutableArray.CreateBuilder<(byte[] Hash, Tenant Tenant)>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (IConfigurationSection section in configuration.GetSection("Gateway:Tenants").GetChildren())
        {
            string name = section.Key;
            if (name.Length == 0 || name.Length > 64 || !IsNameText(name))
            {
                throw Bad(name, "name", "a tenant name is 1 to 64 letters, digits, '-' or '_'");
            }

            var tenant = new Tenant(name, GatewayOptions.Flag(section, "SharedCache", fallback: false));
            tenants.Add(tenant);
            int count = 0;
            foreach (byte[] hash in HashesOf(section))
            {
                string hex = Convert.ToHexStringLower(hash);
                if (!seen.TryAdd(hex, name))
                {
                    throw Bad(name, "ApiKey", $"the same key is configured for tenant '{seen[hex]}'");
                }

                keys.Add((hash, tenant));
                count++;
            }

            if (count == 0)
            {
                throw Bad(name, "ApiKey", "each tenant needs at least one ApiKey or ApiKeyHash");
            }
        }

        return new Snapshot(tenants.ToImmutable(), keys.ToImmutable());
    }

    private Snapshot ReadOrKeep(IConfiguration configuration)
    {
        try
        {
            return Read(configuration);
        }
        catch (CacheConfigException)
        {
            // A reload that breaks the configuration keeps the tenants that worked; start-up reports the mistake.
            return _snapshot;
        }
    }

    private static IEnumerable<byte[]> HashesOf(IConfigurationSection tenant)
    {
        foreach (string key in ValuesOf(tenant.GetSection("ApiKey")))
        {
            yield return SecretKeys.HashOf(key);
        }

        foreach (string text in ValuesOf(tenant.GetSection("ApiKeyHash")))
        {
            string hex = text.Trim();
            if (!hex.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase) || hex.Length != HashPrefix.Length + 64
                || !IsHex(hex.AsSpan(HashPrefix.Length)))
            {
                throw Bad(tenant.Key, "ApiKeyHash", "expected \"sha256:\" and 64 hexadecimal digits (the SHA-256 of the key's UTF-8 bytes)");
            }

            yield return Convert.FromHexString(hex.AsSpan(HashPrefix.Length));
        }
    }

    /// <summary>A setting given as one value or as a list.</summary>
    private static IEnumerable<string> ValuesOf(IConfigurationSection section)
    {
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            yield return section.Value.Trim();
        }

        foreach (IConfigurationSection item in section.GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(item.Value))
            {
                yield return item.Value.Trim();
            }
        }
    }

    private static bool IsNameText(string name)
    {
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static CacheConfigException Bad(string tenant, string field, string expected) =>
        new($"Gateway configuration field 'Gateway:Tenants:{tenant}:{field}' is invalid: {expected}.");

    /// <summary>The tenants and key hashes of one reading of the configuration.</summary>
    internal sealed record Snapshot(ImmutableArray<Tenant> Tenants, ImmutableArray<(byte[] Hash, Tenant Tenant)> Keys);
}
