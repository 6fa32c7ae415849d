using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Caching.Soak;
using Caching.Tests.Redis;
using Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

// dotnet run -c Release --project tests/Caching.Soak -- [--duration 60] [--workers 16]
// dotnet run -c Release --project tests/Caching.Soak -- --chaos [--outage 30] [--hang 10]   (the fail-safe campaign: Chaos/)
// Starts the gateway (Redis backend, built-in deterministic provider) and its own RESP server on loopback, drives a fixed
// mix of hits, misses and bad inputs for the duration, kills Redis and restarts it, pauses it with SIGSTOP, and reports
// per phase. Exits 1 when any answer was wrong, any answer was a 5xx or memory went over max_memory + 200 MB.
if (args.Contains("--chaos"))
{
    return await Caching.Soak.Chaos.ChaosCampaign.RunAsync(args);
}

SoakOptions options = SoakOptions.Parse(args);
const string AdminKey = "soak-admin";

await using RespServer redis = await RespServer.StartAsync();
var settings = new Dictionary<string, string?>
{
    ["Urls"] = "http://127.0.0.1:0",
    ["Logging:LogLevel:Default"] = "Error",
    ["Gateway:Upstream"] = "local",
    ["Gateway:LocalLatency"] = "20ms",
    ["Cache:Backend"] = "redis",
    ["Cache:RedisUrl"] = redis.Endpoint,
    ["Cache:RedisTimeout"] = options.RedisTimeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture) + "ms",
    ["Cache:MaxMemory"] = options.MaxMemoryBytes.ToString(CultureInfo.InvariantCulture),
    ["Cache:Namespace"] = "soak",
    ["Cache:AdminKey"] = AdminKey,
};
WebApplication gateway = GatewayApp.Build([], configuration => configuration.AddInMemoryCollection(settings));
await gateway.StartAsync();
using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Workers * 2 }) { BaseAddress = new Uri(gateway.Urls.First()) };
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminKey);

RequestMix mix = await RequestMix.CreateAsync();
var stats = new PhaseStats();
var schedule = new Schedule(options.Duration);
var clock = Stopwatch.StartNew();
using var stop = new CancellationTokenSource();
long peakRss = 0;
TimeSpan? backOnRedis = null;

Console.WriteLine($"Soak: {options.Duration.TotalSeconds} s, {options.Workers} workers, RESP server: {RespServer.Kind}, redis_timeout {options.RedisTimeout.TotalMilliseconds} ms, max_memory {options.MaxMemoryBytes >> 20} MB");

async Task<string> ActiveStoreAsync()
{
    using JsonDocument document = JsonDocument.Parse(await http.GetStringAsync("/admin/cache/stats"));
    return document.RootElement.GetProperty("activeStore").GetString()!;
}

async Task WorkerAsync(int seed)
{
    var random = new Random(seed);
    while (!stop.IsCancellationRequested)
    {
        SoakRequest request = await mix.NextAsync(random);
        long started = Stopwatch.GetTimestamp();
        Phase phase = schedule.At(clock.Elapsed);
        using var content = new StringContent(request.Json, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await http.PostAsync(request.Route, content);
        string body = await response.Content.ReadAsStringAsync();
        double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        stats.Record(phase, (int)response.StatusCode, milliseconds, RequestMix.Check(request, (int)response.StatusCode, body));
    }
}

async Task SampleMemoryAsync()
{
    using var process = Process.GetCurrentProcess();
    while (!stop.IsCancellationRequested)
    {
        process.Refresh();
        peakRss = Math.Max(peakRss, process.WorkingSet64);
        await Task.Delay(200);
    }
}

async Task FaultsAsync()
{
    async Task At(TimeSpan when)
    {
        TimeSpan wait = when - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    await At(schedule.KillAt);
    redis.Kill();
    await At(schedule.RestartAt);
    await redis.RestartAsync();
    var restarted = Stopwatch.StartNew();
    while (await ActiveStoreAsync() != "redis" && clock.Elapsed < schedule.PauseAt)
    {
        await Task.Delay(20);
    }

    backOnRedis = await ActiveStoreAsync() == "redis" ? restarted.Elapsed : null;
    await At(schedule.PauseAt);
    redis.Pause();
    await At(schedule.ResumeAt);
    redis.Resume();
    await At(schedule.End);
    await stop.CancelAsync();
}

Task[] workers = [.. Enumerable.Range(0, options.Workers).Select(i => Task.Run(() => WorkerAsync(i))), Task.Run(SampleMemoryAsync), Task.Run(FaultsAsync)];
await Task.WhenAll(workers);
await gateway.StopAsync();

int total = stats.Count(_ => true);
int serverErrors = stats.Count(s => s >= 500);
long rssBudget = options.MaxMemoryBytes + (200L << 20);
PhaseRow[] rows = [.. stats.Rows()];
double outageP99 = rows.Where(r => r.Phase is Phase.RedisKilled or Phase.RedisPaused).Select(r => r.P99).DefaultIfEmpty(0).Max();

Console.WriteLine();
Console.WriteLine("| phase | requests | statuses | p50 ms | p99 ms |");
Console.WriteLine("| --- | ---: | --- | ---: | ---: |");
foreach (PhaseRow row in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Phase} | {row.Requests} | {row.Statuses} | {row.P50:F1} | {row.P99:F1} |"));
}

Console.WriteLine();
Console.WriteLine($"requests: {total}; wrong answers: {stats.WrongAnswers.Count}; 5xx: {serverErrors}");
Console.WriteLine(backOnRedis is { } back ? $"back on Redis {back.TotalMilliseconds:F0} ms after the restart" : "NOT back on Redis before the pause");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p99 while Redis was down or paused: {outageP99:F1} ms (goal under {2 * options.RedisTimeout.TotalMilliseconds:F0} ms: {(outageP99 < 2 * options.RedisTimeout.TotalMilliseconds ? "met" : "missed")})"));
Console.WriteLine($"peak RSS: {peakRss >> 20} MB (budget max_memory + 200 MB = {rssBudget >> 20} MB)");
foreach (string wrong in stats.WrongAnswers.Take(10))
{
    Console.WriteLine("wrong: " + wrong);
}

bool passed = stats.WrongAnswers.Count == 0 && serverErrors == 0 && peakRss <= rssBudget && backOnRedis is not null;
Console.WriteLine(passed ? "SOAK PASSED" : "SOAK FAILED");
return passed ? 0 : 1;
