using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace Caching.Generators.Tests.Packaging;

/// <summary>Packs the libraries and builds a throwaway consumer against them from a local folder feed, as a new user would.</summary>
public class PackageConsumerTests
{
    [Fact]
    public async Task A_new_project_referencing_the_package_gets_a_working_generated_decorator()
    {
        string root = RepositoryRoot();
        string work = Directory.CreateTempSubdirectory("caching-consumer-").FullName;
        string feed = Path.Combine(work, "feed");
        string consumer = Path.Combine(work, "consumer");
        // A fresh version each run, so that no package restored by an earlier run is reused.
        string version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        try
        {
            foreach (string project in new[] { "src/Caching.Abstractions/Caching.Abstractions.csproj", "src/Caching.Runtime/Caching.Runtime.csproj" })
            {
                await Run(root, "dotnet", $"pack {project} -c Release -o \"{feed}\" -p:Version={version}");
            }

            Assert.True(File.Exists(Path.Combine(feed, $"Caching.Abstractions.{version}.nupkg")));

            Directory.CreateDirectory(consumer);
            await File.WriteAllTextAsync(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            await File.WriteAllTextAsync(Path.Combine(consumer, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Caching.Runtime" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            await File.WriteAllTextAsync(Path.Combine(consumer, "Program.cs"), """
                using Caching;

                await using var cache = await CacheManager.CreateAsync(new CacheConfig());
                var provider = new Provider();
                IAsk asker = new CachedAsk(provider, cache);
                await asker.AskAsync("gpt-4o", "hello");
                await asker.AskAsync("gpt-4o", "hello");
                Console.WriteLine($"calls={provider.Calls} hits={cache.GetStats().Hits} key={CachedAsk.AskAsyncKey("gpt-4o", "hello")}");

                public interface IAsk
                {
                    [CachedCompletion]
                    Task<string> AskAsync(string model, string prompt, CancellationToken cancellationToken = default);
                }

                sealed class Provider : IAsk
                {
                    public int Calls;
                    public Task<string> AskAsync(string model, string prompt, CancellationToken cancellationToken = default)
                    {
                        Calls++;
                        return Task.FromResult(prompt.ToUpperInvariant());
                    }
                }
                """);

            string output = await Run(consumer, "dotnet", "run");

            Assert.Matches("calls=1 hits=1 key=chat:gpt-4o:[0-9a-f]{64}", output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<string> Run(string directory, string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        string output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"{file} {arguments} exited with {process.ExitCode}:{Environment.NewLine}{output}");
        return output;
    }

    private static string RepositoryRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
