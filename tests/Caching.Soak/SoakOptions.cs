using System;
using System.Globalization;

namespace Caching.Soak;

/// <summary>The campaign's knobs: its length (the fault phases scale with it) and its load.</summary>
internal sealed record SoakOptions(TimeSpan Duration, int Workers, TimeSpan RedisTimeout, long MaxMemoryBytes)
{
    public static SoakOptions Parse(string[] args)
    {
        var options = new SoakOptions(TimeSpan.FromSeconds(60), 16, TimeSpan.FromMilliseconds(100), 64L << 20);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            options = args[i] switch
            {
                "--duration" => options with { Duration = TimeSpan.FromSeconds(int.Parse(args[i + 1], CultureInfo.InvariantCulture)) },
                "--workers" => options with { Workers = int.Parse(args[i + 1], CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}; use --duration SECONDS and --workers N."),
            };
        }

        if (options.Duration < TimeSpan.FromSeconds(10))
        {
            throw new ArgumentException("--duration must be at least 10 seconds.");
        }

        return options;
    }
}
