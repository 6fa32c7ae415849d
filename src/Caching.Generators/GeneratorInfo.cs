namespace Caching.Generators;

/// <summary>The version written into [GeneratedCode]; snapshot tests scrub it.</summary>
internal static class GeneratorInfo
{
    public const string Version = "0.1.0";
}
