using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Benchmarks;

/// <summary>
/// 12. The gateway's cached answer over HTTP against the floor of this stack: the sample gateway (Release, in-memory cache,
/// every request a hit) and a minimal Kestrel app that reads the same body and writes the same response bytes, each a
/// process of its own on a loopback port, driven in turn by the same load generator (HttpClient, a fixed number of
/// connections, each sending the reference request in a loop).
/// </summary>
public static class GatewayLoadReport
{
    public static async Task<string> RunAsync(int connections, TimeSpan duration)
    {
        byte[] request = Workload.ChatRequestBytes;
        string responseFile = Path.GetTempFileName();
        var rows = new List<(string Server, LoadResult Result)>();
        try
        {
            await using (ServerProcess gateway = await ServerProcess.StartAsync(PathOf("GatewayPath"), "--Cache:MaxSize=10000", "--Logging:LogLevel:Default=Warning"))
            {
                using var warm = new HttpClient();
                byte[] answer = await (await PostAsync(warm, gateway.Url, request)).Content.ReadAsByteArrayAsync();
                await File.WriteAllBytesAsync(responseFile, answer);
                rows.Add(("sample gateway (cache hit)", await DriveAsync(gateway.Url, request, connections, duration, expectHit: true)));
            }

            await using (ServerProcess floor = await ServerProcess.StartAsync(PathOf("KestrelFloorPath"), "--response", responseFile))
            {
                rows.Add(("Kestrel floor (read body, write bytes)", await DriveAsync(floor.Url, request, connections, duration, expectHit: false)));
            }
        }
        finally
        {
            File.Delete(responseFile);
        }

        LoadResult floorResult = rows[1].Result;
        var report = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{connections} connections, {duration.TotalSeconds:F0} s each after a 2 s warm-up, {request.Length} B request\n\n"));
        report.Append("| server | requests/s | p50 | p99 | ratio (req/s) | ratio (p99) |\n|---|---:|---:|---:|---:|---:|\n");
        foreach ((string server, LoadResult result) in rows)
        {
            report.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {server} | {result.RequestsPerSecond:F0} | {result.P50Ms:F2} ms | {result.P99Ms:F2} ms | {result.RequestsPerSecond / floorResult.RequestsPerSecond:F2} | {result.P99Ms / floorResult.P99Ms:F2} |\n"));
        }

        return report.ToString();
    }

    private static string PathOf(string name) =>
        typeof(GatewayLoadReport).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == name).Value!;

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return client.PostAsync(url + "/v1/chat/completions", content);
    }

    private static async Task<LoadResult> DriveAsync(string url, byte[] body, int connections, TimeSpan duration, bool expectHit)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false };
        using var client = new HttpClient(handler);
        await RunAsync(TimeSpan.FromSeconds(2), null);
        var latencies = new List<long>[connections];
        Stopwatch elapsed = Stopwatch.StartNew();
        await RunAsync(duration, latencies);
        double seconds = elapsed.Elapsed.TotalSeconds;
        long[] all = latencies.SelectMany(l => l).Order().ToArray();
        return new LoadResult(all.Length / seconds, Percentile(all, 0.50), Percentile(all, 0.99));

        Task RunAsync(TimeSpan length, List<long>[]? record) => Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            var mine = new List<long>(100_000);
            if (record is not null)
            {
                record[worker] = mine;
            }

            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < length)
            {
                long start = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await PostAsync(client, url, body);
                await response.Content.LoadIntoBufferAsync();
                bool hit = response.Headers.TryGetValues("x-cache", out IEnumerable<string>? cache) && cache.First() == "HIT";
                if (response.StatusCode != HttpStatusCode.OK || (expectHit && !hit))
                {
                    throw new InvalidOperationException($"{url} answered {(int)response.StatusCode} without a cache hit.");
                }

                mine.Add(Stopwatch.GetTimestamp() - start);
            }
        }));
    }

    private static double Percentile(long[] sorted, double quantile) =>
        sorted.Length == 0 ? 0 : Stopwatch.GetElapsedTime(0, sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * quantile))]).TotalMilliseconds;

    private sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P99Ms);

    /// <summary>A Release build of a server started on a free loopback port, stopped when disposed.</summary>
    private sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, string url)
        {
            _process = process;
            Url = url;
        }

        public string Url { get; }

        public static async Task<ServerProcess> StartAsync(string dll, params string[] arguments)
        {
            int port = Loopback.FreePort();

            string url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
            foreach (string argument in new[] { dll, "--urls", url }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            Process process = Process.Start(start) ?? throw new InvalidOperationException($"{dll} did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await Loopback.WaitForListenerAsync(port, process);
            return new ServerProcess(process, url);
        }

        public async ValueTask DisposeAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
        }
    }
}
