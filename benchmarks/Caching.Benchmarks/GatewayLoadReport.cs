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
/// 12. The gateway's cached answer over HTTP against the floor of this stack: the sample gateway (Release, in-memory cache, one
/// tenant whose key every request carries, every request a hit) and a minimal Kestrel app that reads the same body and writes the same response bytes, each a
/// process of its own on a loopback port, driven in turn by the same load generator (HttpClient, a fixed number of
/// connections, each sending the reference request in a loop).
/// </summary>
public static class GatewayLoadReport
{
    private const string TenantKey = "sk-bench-tenant-key-0001";

    /// <summary>
    /// The servers run side by side; each is warmed up under the same load until its JIT has settled (the gateway has far
    /// more code to tier up than the floor: with a 2 s warm-up its figure moved between 0.43x and 0.73x of the floor from
    /// run to run), then they are measured in alternating rounds so that a slow moment of the machine falls on all. The
    /// gateway runs twice: with a tenant, as a gateway in production runs (every request's key is checked and its answer
    /// is the tenant's), and open (no key), so that the cost of the keys is read from the same run. The ratio reported is
    /// the median of the rounds' ratios.
    /// </summary>
    public static async Task<string> RunAsync(int connections, TimeSpan duration, TimeSpan warmUp, int rounds)
    {
        byte[] request = Workload.ChatRequestBytes;
        string responseFile = Path.GetTempFileName();
        var keyedRounds = new List<LoadResult>();
        var openRounds = new List<LoadResult>();
        var floorRounds = new List<LoadResult>();
        try
        {
            await using ServerProcess keyed = await ServerProcess.StartAsync(
                PathOf("GatewayPath"), "--Cache:MaxSize=10000", "--Logging:LogLevel:Default=Warning", "--Gateway:Tenants:bench:ApiKey=" + TenantKey);
            await using ServerProcess open = await ServerProcess.StartAsync(PathOf("GatewayPath"), "--Cache:MaxSize=10000", "--Logging:LogLevel:Default=Warning");
            using (var warm = new HttpClient())
            {
                warm.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TenantKey);
                byte[] answer = await (await PostAsync(warm, keyed.Url, request)).Content.ReadAsByteArrayAsync();
                await File.WriteAllBytesAsync(responseFile, answer);
                (await PostAsync(warm, open.Url, request)).Dispose();
            }

            await using ServerProcess floor = await ServerProcess.StartAsync(PathOf("KestrelFloorPath"), "--response", responseFile);
            await DriveAsync(keyed.Url, request, connections, warmUp, expectHit: true);
            await DriveAsync(open.Url, request, connections, warmUp, expectHit: true);
            await DriveAsync(floor.Url, request, connections, warmUp, expectHit: false);
            for (int round = 0; round < rounds; round++)
            {
                keyedRounds.Add(await DriveAsync(keyed.Url, request, connections, duration, expectHit: true));
                openRounds.Add(await DriveAsync(open.Url, request, connections, duration, expectHit: true));
                floorRounds.Add(await DriveAsync(floor.Url, request, connections, duration, expectHit: false));
            }
        }
        finally
        {
            File.Delete(responseFile);
        }

        var report = new StringBuilder(string.Create(CultureInfo.InvariantCulture,
            $"{connections} connections, {request.Length} B request, {warmUp.TotalSeconds:F0} s warm-up each, then {rounds} alternating rounds of {duration.TotalSeconds:F0} s\n\n"));
        report.Append("| round | gateway with keys req/s | open gateway req/s | floor req/s | with keys p99 | open p99 | floor p99 | with keys / floor (req/s) | open / floor (req/s) | with keys / floor (p99) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        var ratios = new List<(double Keyed, double Open, double KeyedP99, double OpenP99)>();
        for (int round = 0; round < rounds; round++)
        {
            LoadResult k = keyedRounds[round];
            LoadResult o = openRounds[round];
            LoadResult f = floorRounds[round];
            ratios.Add((k.RequestsPerSecond / f.RequestsPerSecond, o.RequestsPerSecond / f.RequestsPerSecond, k.P99Ms / f.P99Ms, o.P99Ms / f.P99Ms));
            report.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {round + 1} | {k.RequestsPerSecond:F0} | {o.RequestsPerSecond:F0} | {f.RequestsPerSecond:F0} | {k.P99Ms:F2} ms | {o.P99Ms:F2} ms | {f.P99Ms:F2} ms | {ratios[^1].Keyed:F2} | {ratios[^1].Open:F2} | {ratios[^1].KeyedP99:F2} |\n"));
        }

        report.Append(string.Create(CultureInfo.InvariantCulture,
            $"\nmedian ratio with keys: {Median(ratios.Select(r => r.Keyed)):F2} of the floor's requests/s, {Median(ratios.Select(r => r.KeyedP99)):F2} of its p99\n"));
        report.Append(string.Create(CultureInfo.InvariantCulture,
            $"median ratio open: {Median(ratios.Select(r => r.Open)):F2} of the floor's requests/s, {Median(ratios.Select(r => r.OpenP99)):F2} of its p99\n"));
        return report.ToString();
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
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

        // Both servers get the same header: the floor ignores it, the gateway checks it.
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TenantKey);
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
