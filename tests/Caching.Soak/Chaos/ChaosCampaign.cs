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
using Caching.Tests.Redis;
using Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Caching.Soak.Chaos;

/// <summary>
/// The fail-safe campaign: the gateway (memory cache, stale_if_error 1 h, a 25 ms soft timeout) in front of an upstream
/// that answers, then fails every call for the outage (500s, then refused connections, then hung calls), then answers
/// again; 16 workers ask prompts of a working set seen before the outage (12) and new ones (4). Passes when every repeated prompt
/// is answered during the outage and marked STALE, only new prompts get a 5xx, the repeated prompts' p99 stays under
/// 50 ms, no answer is wrong, and no stale answer is served once a fresh one exists.
/// </summary>
internal static class ChaosCampaign
{
    public static async Task<int> RunAsync(string[] args)
    {
        ChaosOptions options = ChaosOptions.Parse(args);
        await using var upstream = new ChaosUpstream(RespServer.FreePort(), options.Hang);
        await upstream.SwitchAsync(UpstreamMode.Answering);
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Error",
            ["Gateway:Upstream"] = "openai",
            ["Gateway:UpstreamBaseUrl"] = upstream.BaseUrl,
            ["Cache:Backend"] = "memory",
            ["Cache:Namespace"] = "chaos",
            ["Cache:Ttl"] = "2s",
            ["Cache:StaleIfError"] = "1h",
            ["Cache:ProviderSoftTimeout"] = "25ms",
            ["Cache:ProviderHardTimeout"] = "60s",
        };
        WebApplication gateway = GatewayApp.Build([], configuration => configuration.AddInMemoryCollection(settings));
        await gateway.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Workers * 2 })
        {
            BaseAddress = new Uri(gateway.Urls.First()),
            Timeout = TimeSpan.FromMinutes(2),
        };

        string[] workingSet = [.. Enumerable.Range(0, options.WorkingSet).Select(i => $"repeated question {i}")];
        Console.WriteLine($"Chaos: outage {options.Outage.TotalSeconds} s (500s, refused, {options.Hang.TotalSeconds} s hangs), {options.Workers} workers, working set {workingSet.Length}, ttl {ChaosOptions.Ttl.TotalSeconds} s, soft timeout {ChaosOptions.SoftTimeout.TotalMilliseconds} ms");

        // Every prompt of the working set is answered (and cached) once, then left alone until it is stale.
        await Parallel.ForEachAsync(workingSet, new ParallelOptions { MaxDegreeOfParallelism = options.Workers }, async (prompt, token) =>
        {
            using HttpResponseMessage response = await PostAsync(http, prompt, token);
            response.EnsureSuccessStatusCode();
        });
        await Task.Delay(ChaosOptions.Ttl + TimeSpan.FromMilliseconds(500));

        var schedule = new ChaosSchedule(TimeSpan.Zero, options.Outage, options.Recovery);
        var stats = new ChaosStats();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        // One worker in four asks new prompts only, the others prompts of the working set: a new prompt cannot be answered
        // during the outage (a hung call holds its worker for the hang), and must not starve the repeated ones.
        async Task WorkerAsync(int seed)
        {
            var random = new Random(seed);
            int fresh = 0;
            bool repeated = seed % 4 != 0;
            while (!stop.IsCancellationRequested)
            {
                string prompt = repeated ? workingSet[random.Next(workingSet.Length)] : $"new question {seed}-{fresh++}";
                TimeSpan at = clock.Elapsed;
                ChaosPhase phase = schedule.At(at);
                long started = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await PostAsync(http, prompt, CancellationToken.None);
                string body = await response.Content.ReadAsStringAsync();
                double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                string cache = response.Headers.TryGetValues("x-cache", out IEnumerable<string>? values) ? values.Single() : "(none)";
                stats.Record(new ChaosAnswer(phase, repeated, prompt, (int)response.StatusCode, cache, milliseconds, IsWrong(prompt, (int)response.StatusCode, body), at));
            }
        }

        async Task FaultsAsync()
        {
            foreach (ChaosPhase phase in new[] { ChaosPhase.ServerErrors, ChaosPhase.Refused, ChaosPhase.Hangs, ChaosPhase.Recovered })
            {
                TimeSpan starts = phase switch
                {
                    ChaosPhase.ServerErrors => TimeSpan.Zero,
                    ChaosPhase.Refused => schedule.OutagePart,
                    ChaosPhase.Hangs => 2 * schedule.OutagePart,
                    _ => schedule.RecoveredAt,
                };
                TimeSpan wait = starts - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait);
                }

                await upstream.SwitchAsync(ChaosSchedule.ModeOf(phase));
            }

            await Task.Delay(schedule.End - clock.Elapsed);
            await stop.CancelAsync();
        }

        await Task.WhenAll([.. Enumerable.Range(0, options.Workers).Select(i => Task.Run(() => WorkerAsync(i))), Task.Run(FaultsAsync)]);
        await gateway.StopAsync();
        await gateway.DisposeAsync();
        return Report(stats, options.P99TargetMilliseconds);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string prompt, CancellationToken cancellationToken)
    {
        string json = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":" + JsonSerializer.Serialize(prompt) + "}],\"temperature\":0}";
        return http.PostAsync("/v1/chat/completions", new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);
    }

    private static bool IsWrong(string prompt, int status, string body)
    {
        if (status != 200)
        {
            return false;
        }

        using JsonDocument answer = JsonDocument.Parse(body);
        return answer.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString() != ChaosUpstream.AnswerTo(prompt);
    }

    private static int Report(ChaosStats stats, double p99Target)
    {
        IReadOnlyList<ChaosAnswer> all = stats.All;
        Console.WriteLine();
        Console.WriteLine("| phase | requests | repeated: answered | repeated: STALE | repeated: 5xx | new: 5xx | repeated p50 ms | repeated p99 ms |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (ChaosPhase phase in Enum.GetValues<ChaosPhase>())
        {
            ChaosAnswer[] answers = [.. all.Where(a => a.Phase == phase)];
            if (answers.Length == 0)
            {
                continue;
            }

            ChaosAnswer[] repeated = [.. answers.Where(a => a.Repeated)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {phase} | {answers.Length} | {Share(repeated.Count(a => a.Status == 200), repeated.Length)} | {Share(repeated.Count(a => a.Cache == "STALE"), repeated.Length)} | {repeated.Count(a => a.Status >= 500)} | {answers.Count(a => !a.Repeated && a.Status >= 500)} | {ChaosStats.Percentile(repeated.Select(a => a.Milliseconds), 0.50):F1} | {ChaosStats.Percentile(repeated.Select(a => a.Milliseconds), 0.99):F1} |"));
        }

        ChaosAnswer[] outage = [.. all.Where(a => a.Phase is ChaosPhase.ServerErrors or ChaosPhase.Refused or ChaosPhase.Hangs)];
        ChaosAnswer[] repeatedInOutage = [.. outage.Where(a => a.Repeated)];
        double answered = repeatedInOutage.Length == 0 ? 0 : (double)repeatedInOutage.Count(a => a.Status == 200) / repeatedInOutage.Length;
        double markedStale = repeatedInOutage.Length == 0 ? 0 : (double)repeatedInOutage.Count(a => a.Cache == "STALE") / repeatedInOutage.Length;
        int repeated5xx = all.Count(a => a.Repeated && a.Status >= 500);
        int new5xxOutsideOutage = all.Count(a => !a.Repeated && a.Status >= 500 && a.Phase is ChaosPhase.Healthy or ChaosPhase.Recovered);
        double p99 = ChaosStats.Percentile(repeatedInOutage.Select(a => a.Milliseconds), 0.99);
        int staleAfterFresh = stats.StaleAfterFresh();
        int wrong = all.Count(a => a.Wrong);

        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"repeated prompts answered during the outage: {answered:P2} (target 100 %), marked STALE: {markedStale:P2} (target 100 %)"));
        Console.WriteLine($"5xx for repeated prompts: {repeated5xx} (target 0); 5xx for new prompts outside the outage: {new5xxOutsideOutage} (target 0)");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"p99 of repeated prompts during the outage: {p99:F1} ms (target under {p99Target:F0} ms)"));
        Console.WriteLine($"stale answers once the upstream was back and a fresh answer existed: {staleAfterFresh} (target 0); wrong answers: {wrong} (target 0)");
        bool passed = answered == 1 && markedStale == 1 && repeated5xx == 0 && new5xxOutsideOutage == 0 && p99 < p99Target && staleAfterFresh == 0 && wrong == 0 && repeatedInOutage.Length > 0;
        Console.WriteLine(passed ? "CHAOS PASSED" : "CHAOS FAILED");
        return passed ? 0 : 1;
    }

    private static string Share(int count, int total) => total == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{(double)count / total:P1}");
}
