using System;
using Caching.Distributed;

namespace Caching.Redis;

/// <summary>
/// The text of one backplane message: <c>1|{instance id}|{namespace}|{kind}|{argument}</c>, where the kind is one letter
/// (S set, R remove, I invalidate, C clear, P a proof of subscription that only its sender reads) and the argument, the
/// last field, may itself contain '|'.
/// </summary>
internal readonly record struct BackplaneMessage(string InstanceId, string Namespace, char Kind, string Argument)
{
    private const string Version = "1";

    public const char Proof = 'P';

    public static BackplaneMessage For(string instanceId, string cacheNamespace, CacheChange change) => new(instanceId, cacheNamespace, change.Kind switch
    {
        CacheChangeKind.Set => 'S',
        CacheChangeKind.Remove => 'R',
        CacheChangeKind.Invalidate => 'I',
        _ => 'C',
    }, change.Argument);

    public CacheChange? Change => Kind switch
    {
        'S' => new CacheChange(CacheChangeKind.Set, Argument),
        'R' => new CacheChange(CacheChangeKind.Remove, Argument),
        'I' => new CacheChange(CacheChangeKind.Invalidate, Argument),
        'C' => new CacheChange(CacheChangeKind.Clear, string.Empty),
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
}
