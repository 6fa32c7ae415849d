using System;
using System.Globalization;
using Caching.Distributed;

namespace Caching.Redis;

/// <summary>
/// The text of one backplane message: <c>1|{instance id}|{namespace}|{kind}|{argument}</c>, where the kind is one letter
/// (V a versioned set, S a set without a version, R remove, I invalidate, C clear, X a text indexed for semantic lookups,
/// P a proof of subscription that only its sender reads) and the argument, the last field, may itself contain '|'. A
/// versioned set's argument is <c>{version}|{created unix ms}|{key}</c>; an indexed text's is
/// <c>{partition length}|{partition}{key}</c>. Instances of earlier releases ignore the kinds V and X, as they ignore any
/// kind they do not know.
/// </summary>
internal readonly record struct BackplaneMessage(string InstanceId, string Namespace, char Kind, string Argument)
{
    private const string Version = "1";

    public const char Proof = 'P';

    public static BackplaneMessage For(string instanceId, string cacheNamespace, CacheChange change) => change.Kind switch
    {
        CacheChangeKind.Set when change.Version != 0 => new(instanceId, cacheNamespace, 'V', string.Join(
            '|',
            change.Version.ToString(CultureInfo.InvariantCulture),
            change.Created.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            change.Argument)),
        CacheChangeKind.Set => new(instanceId, cacheNamespace, 'S', change.Argument),
        CacheChangeKind.Remove => new(instanceId, cacheNamespace, 'R', change.Argument),
        CacheChangeKind.Invalidate => new(instanceId, cacheNamespace, 'I', change.Argument),
        CacheChangeKind.Indexed => new(instanceId, cacheNamespace, 'X', (change.Partition ?? string.Empty).Length.ToString(CultureInfo.InvariantCulture) + "|" + change.Partition + change.Argument),
        _ => new(instanceId, cacheNamespace, 'C', string.Empty),
    };

    public CacheChange? Change => Kind switch
    {
        'V' => VersionedSet(Argument),
        'S' => new CacheChange(CacheChangeKind.Set, Argument),
        'R' => new CacheChange(CacheChangeKind.Remove, Argument),
        'I' => new CacheChange(CacheChangeKind.Invalidate, Argument),
        'C' => new CacheChange(CacheChangeKind.Clear, string.Empty),
        'X' => Indexed(Argument),
        _ => null,
    };

    public override string ToString() => string.Join('|', Version, InstanceId, Namespace, Kind.ToString(), Argument);

    /// <summary>Reads a message; false for text that is not one of this version (it is then ignored).</summary>
    public static bool TryParse(string? text, out BackplaneMessage message)
    {
        message = default;
        string[]? parts = text?.Split('|', 5);
        if (parts is not { Length: 5 } || parts[0] != Version || parts[3].Length != 1)
        {
            return false;
        }

        message = new BackplaneMessage(parts[1], parts[2], parts[3][0], parts[4]);
        return true;
    }

    private static CacheChange? Indexed(string argument)
    {
        int bar = argument.IndexOf('|', StringComparison.Ordinal);
        return bar > 0
            && int.TryParse(argument.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out int length)
            && length <= argument.Length - bar - 1
            ? new CacheChange(CacheChangeKind.Indexed, argument[(bar + 1 + length)..]) { Partition = argument.Substring(bar + 1, length) }
            : null;
    }

    private static CacheChange? VersionedSet(string argument)
    {
        string[] parts = argument.Split('|', 3);
        return parts.Length == 3
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long version)
            && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long created)
            ? new CacheChange(CacheChangeKind.Set, parts[2]) { Version = version, Created = DateTimeOffset.FromUnixTimeMilliseconds(created) }
            : null;
    }
}
