using System;
using System.Text.RegularExpressions;

namespace Caching;

/// <summary>Masks secrets in a StackExchange.Redis connection string before it is shown anywhere.</summary>
internal static partial class RedisConnectionText
{
    public static string? Redact(string? connectionString) =>
        connectionString is null ? null : SecretOption().Replace(connectionString, "$1=***");

    [GeneratedRegex(@"\b(password|user|sslPassword)\s*=[^,]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretOption();
}
