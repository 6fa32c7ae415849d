using System;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;

namespace Caching.Generators.Tests.Generation;

/// <summary>
/// Snapshot assertions in Verify's conventions: the expected text lives in <c>Snapshots/{Class}.{Test}.verified.cs</c>
/// beside the test; on a mismatch the actual text is written to <c>*.received.cs</c> and the failure shows a diff.
/// Set CACHING_ACCEPT_SNAPSHOTS=1 to accept received text as verified (then review the change in git).
/// </summary>
internal static class Snapshot
{
    public static void Verify(string actual, string? name = null, [CallerFilePath] string testFile = "", [CallerMemberName] string testName = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(testFile)!, "..", "Snapshots");
        string stem = $"{Path.GetFileNameWithoutExtension(testFile)}.{testName}{(name is null ? string.Empty : "." + name)}";
        string verifiedPath = Path.GetFullPath(Path.Combine(directory, stem + ".verified.cs"));
        string receivedPath = Path.GetFullPath(Path.Combine(directory, stem + ".received.cs"));
        string normalized = Normalize(actual);

        if (Environment.GetEnvironmentVariable("CACHING_ACCEPT_SNAPSHOTS") == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, normalized);
            File.Delete(receivedPath);
            return;
        }

        string? verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == normalized)
        {
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, normalized);
        string message = verified is null
            ? $"No snapshot at {verifiedPath}. Received text written to {receivedPath}; accept it with CACHING_ACCEPT_SNAPSHOTS=1."
            : $"Snapshot {verifiedPath} differs; received text written to {receivedPath}.{Environment.NewLine}{Diff(verified, normalized)}";
        Assert.Fail(message);
    }

    /// <summary>The names of a test's verified snapshots in <c>Snapshots/</c> (the part after <c>{Class}.{Test}.</c>).</summary>
    public static string[] VerifiedNames(string testName, [CallerFilePath] string testFile = "")
    {
        string directory = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(testFile)!, "..", "Snapshots"));
        string prefix = $"{Path.GetFileNameWithoutExtension(testFile)}.{testName}.";
        const string suffix = ".verified.cs";
        return Directory.Exists(directory)
            ? Directory.GetFiles(directory, prefix + "*" + suffix)
                .Select(path => Path.GetFileName(path))
                .Select(name => name.Substring(prefix.Length, name.Length - prefix.Length - suffix.Length))
                .ToArray()
            : [];
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');

    /// <summary>A line diff of the first differing region, with a little context.</summary>
    private static string Diff(string expected, string actual)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        int first = 0;
        while (first < a.Length && first < b.Length && a[first] == b[first])
        {
            first++;
        }

        int lastA = a.Length - 1;
        int lastB = b.Length - 1;
        while (lastA >= first && lastB >= first && a[lastA] == b[lastB])
        {
            lastA--;
            lastB--;
        }

        var diff = new StringBuilder();
        for (int i = Math.Max(0, first - 2); i < first; i++)
        {
            diff.Append("  ").AppendLine(a[i]);
        }

        for (int i = first; i <= lastA; i++)
        {
            diff.Append("- ").AppendLine(a[i]);
        }

        for (int i = first; i <= lastB; i++)
        {
            diff.Append("+ ").AppendLine(b[i]);
        }

        return diff.ToString();
    }
}
