using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Caching.Gateway.Tests;

/// <summary>The sample gateway started in-process on a loopback port, talking to a fake upstream.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    public const string AdminKey = "admin-key-for-tests";

    private readonly WebApplication _app;

    private GatewayHost(WebApplication app)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
    }

    public HttpClient Client { get; }

    public static async Task<GatewayHost> StartAsync(FakeUpstream upstream, IDictionary<string, string?>? settings = null, Action<WebApplication>? configure = null, TimeProvider? time = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Gateway:Upstream"] = "openai",
            ["Gateway:UpstreamBaseUrl"] = upstream.BaseUrl,
            ["Gateway:UpstreamApiKey"] = FakeUpstream.ApiKey,
            ["Gateway:MaxRequestBytes"] = "65536",
            ["Cache:Backend"] = "memory",
            ["Cache:Namespace"] = "gw",
            ["Cache:AdminKey"] = AdminKey,
        };
        foreach ((string key, string? value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        WebApplication app = GatewayApp.Build(
            [],
            configuration => configuration.AddInMemoryCollection(values),
            services =>
            {
                if (time is not null)
                {
                    services.AddSingleton(time);
                }
            });
        configure?.Invoke(app);
        await app.StartAsync();
        return new GatewayHost(app);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body, string? cacheControl = null) =>
        PostRawAsync(path, JsonSerializer.Serialize(body), cacheControl);

    public Task<HttpResponseMessage> PostBytesAsync(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return Client.PostAsync(path, content);
    }

    public Task<HttpResponseMessage> PostRawAsync(string path, string json, string? cacheControl = null, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (cacheControl is not null)
        {
            // Sent as written (not parsed by HttpClient), so tests control the exact header text.
            request.Headers.TryAddWithoutValidation("Cache-Control", cacheControl);
        }

        foreach ((string name, string value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, string? key = AdminKey, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        return Client.SendAsync(request);
    }

    public async Task<JsonElement> StatsAsync()
    {
        using HttpResponseMessage response = await AdminAsync(HttpMethod.Get, "/admin/cache/stats");
        response.EnsureSuccessStatusCode();
        return JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal static class Responses
{
    public static string CacheHeader(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-cache", out IEnumerable<string>? values) ? values.Single() : "(none)";

    public static string? CacheKey(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-cache-key", out IEnumerable<string>? values) ? values.Single() : null;

    public static string? CacheStatus(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Cache-Status", out IEnumerable<string>? values) ? values.Single() : null;

    public static long? AgeSeconds(this HttpResponseMessage response) => response.Headers.Age is { } age ? (long)age.TotalSeconds : null;

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
}
