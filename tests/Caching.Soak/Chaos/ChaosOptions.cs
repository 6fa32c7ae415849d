using System;
using System.Globalization;

namespace Caching.Soak.Chaos;

/// <summary>The chaos run's knobs: the outage (three equal parts), how long a hung call hangs, the load and the working set.</summary>
internal sealed record ChaosOptions(TimeSpan Outage, TimeSpan Hang, int Workers, int WorkingSet, TimeSpan Recovery, double P99TargetMilliseconds = 50)
{
    /// <summary>How long an answer is fresh: short, so that the whole working set is stale when the outage starts.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan SoftTimeout = TimeSpan.FromMilliseconds(25);

    public static ChaosOptions Parse(string[] args)
    {
        var options = new ChaosOptions(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 16, 200, TimeSpan.FromSeconds(20));
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--chaos")
            {
                continue;
            }

            string value = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
            int number = int.Parse(value, CultureInfo.InvariantCulture);
            options = args[i - 1] switch
            {
                "--outage" => options with { Outage = TimeSpan.FromSeconds(number) },
                "--hang" => options with { Hang = TimeSpan.FromSeconds(number) },
                "--workers" => options with { Workers = number },
                "--working-set" => options with { WorkingSet = number },
                "--recovery" => options with { Recovery = TimeSpan.FromSeconds(number) },

                // The smoke run in CI checks the behaviour on a machine busy with other work; the full run measures.
                "--p99-target" => options with { P99TargetMilliseconds = number },
                _ => throw new ArgumentException($"Unknown option {args[i - 1]}; use --outage, --hang, --recovery (seconds), --workers, --working-set, --p99-target (ms)."),
            };
        }

        return options;
    }
}
