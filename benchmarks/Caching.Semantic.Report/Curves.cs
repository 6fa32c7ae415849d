using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Caching.Semantic.Report;

/// <summary>Operating points of a score over labelled pairs: duplicates served against non-duplicates served.</summary>
internal static class Curves
{
    public static readonly double[] WrongRates = [0.0025, 0.005, 0.01, 0.02, 0.05, 0.10, 0.20];

    /// <summary>The lowest threshold at which at most <paramref name="wrongRate"/> of the non-duplicates score at or over it.</summary>
    public static double ThresholdFor(IReadOnlyList<double> scores, IReadOnlyList<bool> duplicates, double wrongRate)
    {
        double[] nonDuplicates = [.. Enumerable.Range(0, scores.Count).Where(i => !duplicates[i]).Select(i => scores[i]).OrderByDescending(s => s)];
        int allowed = (int)Math.Floor(wrongRate * nonDuplicates.Length);
        return allowed >= nonDuplicates.Length ? double.NegativeInfinity : Math.BitIncrement(nonDuplicates[allowed]);
    }

    public static (double Served, double Wrong) At(IReadOnlyList<double> scores, IReadOnlyList<bool> duplicates, double threshold)
    {
        int dups = 0, nons = 0, served = 0, wrong = 0;
        for (int i = 0; i < scores.Count; i++)
        {
            if (duplicates[i])
            {
                dups++;
                served += scores[i] >= threshold ? 1 : 0;
            }
            else
            {
                nons++;
                wrong += scores[i] >= threshold ? 1 : 0;
            }
        }

        return ((double)served / dups, (double)wrong / nons);
    }

    /// <summary>A markdown table: at each wrong-hit rate, the duplicates each score serves (thresholds chosen on the same pairs).</summary>
    public static string Table(IReadOnlyList<bool> duplicates, params (string Name, IReadOnlyList<double> Scores)[] columns)
    {
        var text = new StringBuilder();
        text.Append("| non-duplicates served (wrong hits) |");
        foreach ((string name, _) in columns)
        {
            text.Append(' ').Append(name).Append(": duplicates served |");
        }

        text.AppendLine();
        text.Append("|---:|").Append(string.Concat(Enumerable.Repeat("---:|", columns.Length))).AppendLine();
        foreach (double rate in WrongRates)
        {
            text.Append($"| {rate:P2} |");
            foreach ((_, IReadOnlyList<double> scores) in columns)
            {
                (double served, _) = At(scores, duplicates, ThresholdFor(scores, duplicates, rate));
                text.Append($" {served:P1} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
