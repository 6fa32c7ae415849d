namespace Caching.Tests.Keys;

/// <summary>Runs a sequence of writes on a fresh <see cref="CacheKeyWriter"/> and returns its hash or its bytes.</summary>
internal static class KeyBytes
{
    public delegate void Write(ref CacheKeyWriter writer);

    public static string Hash(Write write)
    {
        var writer = new CacheKeyWriter();
        try
        {
            write(ref writer);
            return writer.ToHashHex();
        }
        finally
        {
            writer.Dispose();
        }
    }

    public static byte[] Bytes(Write write)
    {
        var writer = new CacheKeyWriter();
        try
        {
            write(ref writer);
            return writer.WrittenBytes.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }
}
