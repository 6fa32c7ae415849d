using System;
using System.IO;
using System.Linq;

namespace Caching.Readme.Tests;

/// <summary>
/// Nothing in the repository reads a folder beside it: a clone with nothing next to it builds, tests and benchmarks. The
/// workloads live in benchmarks/workloads.
/// </summary>
public sealed class RepositoryStandsAloneTests
{
    private static readonly string[] SourceExtensions = [".cs", ".csproj", ".props", ".targets", ".sh", ".json", ".toml", ".sln"];

    [Fact]
    public void No_source_file_refers_to_a_folder_beside_the_repository()
    {
        string root = SnippetRoot();

        // Built from parts, so that this file does not match itself.
        string[] outside = [".." + "/shared", ".." + "\\shared", "shared" + "/workloads", "shared" + "\\workloads"];
        string[] offenders = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(path => !path.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !path.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !path.Contains(Path.DirectorySeparatorChar + ".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && (SourceExtensions.Contains(Path.GetExtension(path)) || Path.GetFileName(path) == "run"))
            .Where(path => outside.Any(File.ReadAllText(path).Contains))
            .Select(path => Path.GetRelativePath(root, path))
            .ToArray();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_reference_workloads_are_in_the_repository()
    {
        string workloads = Path.Combine(SnippetRoot(), "benchmarks", "workloads");

        Assert.All(new[] { "chat-request.json", "chat-response.json", "embedding-request.json" }, file => Assert.True(File.Exists(Path.Combine(workloads, file)), file));
    }

    private static string SnippetRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Caching.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (the folder of Caching.sln) was not found above " + AppContext.BaseDirectory);
    }
}
