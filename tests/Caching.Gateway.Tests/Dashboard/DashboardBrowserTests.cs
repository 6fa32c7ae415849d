using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Caching.Gateway.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's chromium driven by Playwright): after traffic, the page's numbers are
/// /admin/cache/stats's, its chart has points and its savings table the priced model; a tenant's key shows that tenant
/// alone; a wrong key shows no data; the page loads nothing from elsewhere and logs no error (its CSP would).
/// Set CACHING_DASHBOARD_SCREENSHOT to a path to keep a screenshot of the admin view.
/// </summary>
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    // Debian's chromium by default; CACHING_CHROMIUM_PATH points elsewhere (Playwright's own browser download is not needed).
    private static readonly string ChromiumPath = Environment.GetEnvironmentVariable("CACHING_CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";
    private const string TenantKey = "sk-acme-dashboard";

    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(_upstream, new Dictionary<string, string?>
        {
            ["Gateway:Tenants:acme:ApiKey"] = TenantKey,
            ["Gateway:Tenants:globex:ApiKey"] = "sk-globex-dashboard",
            ["Gateway:Prices:gpt-4o:Input"] = "2.5",
            ["Gateway:Prices:gpt-4o:Output"] = "10",
        }, time: _time);
        Assert.True(File.Exists(ChromiumPath), $"The browser tests need chromium at {ChromiumPath} (apt-get install -y chromium, or set CACHING_CHROMIUM_PATH).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private async Task SendTrafficAsync(string key, int questions, int repeats, int first = 0)
    {
        for (int repeat = 0; repeat < repeats; repeat++)
        {
            for (int question = first; question < first + questions; question++)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
                {
                    Content = new StringContent(
                        JsonSerializer.Serialize(new { model = "gpt-4o", temperature = 0, messages = new[] { new { role = "user", content = $"Question {question}" } } }),
                        Encoding.UTF8,
                        "application/json"),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                using HttpResponseMessage response = await _gateway.Client.SendAsync(request);
                response.EnsureSuccessStatusCode();
            }
        }
    }

    private async Task<(IPage Page, List<string> Errors)> OpenAsync(string key)
    {
        IPage page = await _browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("401", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        await page.GotoAsync(_gateway.Client.BaseAddress + "admin/dashboard#key=" + Uri.EscapeDataString(key));
        return (page, errors);
    }

    private static string Formatted(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_admin_view_shows_the_stats_numbers_a_chart_with_points_and_the_savings()
    {
        // Bursts five minutes apart, each asking what was asked before and one or more new questions, so that the chart
        // has a point per burst and the hit rate climbs.
        for (int burst = 0; burst < 6; burst++)
        {
            await SendTrafficAsync(TenantKey, questions: 4 + burst, repeats: 1);
            _time.Advance(TimeSpan.FromMinutes(5));
        }

        await SendTrafficAsync("sk-globex-dashboard", questions: 2, repeats: 2);
        JsonElement stats = await _gateway.StatsAsync();
        long hits = stats.GetProperty("hits").GetInt64();
        long requests = hits + stats.GetProperty("misses").GetInt64();

        (IPage page, List<string> errors) = await OpenAsync(GatewayHost.AdminKey);

        await Expect(page.Locator("#view")).ToHaveTextAsync("· all tenants");
        await Expect(page.Locator("#hits")).ToHaveTextAsync(Formatted(stats.GetProperty("hits").GetInt64()));
        await Expect(page.Locator("#misses")).ToHaveTextAsync(Formatted(stats.GetProperty("misses").GetInt64()));
        await Expect(page.Locator("#entries")).ToHaveTextAsync(Formatted(stats.GetProperty("entries").GetInt64()));
        await Expect(page.Locator("#store")).ToHaveTextAsync(stats.GetProperty("activeStore").GetString()!);

        await Expect(page.Locator("#hit-rate")).ToHaveTextAsync((100.0 * hits / requests).ToString("F1", CultureInfo.InvariantCulture) + " %");
        await Expect(page.Locator("#chart")).ToHaveAttributeAsync("data-points", "7");
        await Expect(page.Locator("#savings tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#savings tbody tr td").First).ToHaveTextAsync("gpt-4o");
        await Expect(page.Locator("#saved-tokens")).ToHaveTextAsync(Formatted(hits * 15));
        Assert.Empty(errors);

        if (Environment.GetEnvironmentVariable("CACHING_DASHBOARD_SCREENSHOT") is { Length: > 0 } path)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        }
    }

    [Fact]
    public async Task A_tenant_key_shows_that_tenants_traffic_and_no_cache_wide_state()
    {
        await SendTrafficAsync(TenantKey, questions: 2, repeats: 2);
        await SendTrafficAsync("sk-globex-dashboard", questions: 3, repeats: 1);

        (IPage page, List<string> errors) = await OpenAsync(TenantKey);

        await Expect(page.Locator("#view")).ToHaveTextAsync("· acme");
        await Expect(page.Locator("#hit-rate")).ToHaveTextAsync("50.0 %");
        await Expect(page.Locator("#cache")).ToBeHiddenAsync();
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_wrong_key_gets_no_data()
    {
        await SendTrafficAsync(TenantKey, questions: 2, repeats: 2);

        (IPage page, _) = await OpenAsync("sk-wrong");

        await Expect(page.Locator("#status")).ToHaveTextAsync("The key was refused: no data.");
        await Expect(page.Locator("#hit-rate")).ToHaveTextAsync("–");
        await Expect(page.Locator("#hits")).ToHaveTextAsync("–");
        await Expect(page.Locator("#savings tbody tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#chart")).ToHaveAttributeAsync("data-points", "0");
    }
}
