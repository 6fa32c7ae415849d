using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Caching.Gateway.Tests;

/// <summary>An OpenAI-compatible upstream on a loopback port that counts its calls and numbers its answers.</summary>
internal sealed class FakeUpstream : IAsyncDisposable
{
    public const string ApiKey = "sk-test-upstream-secret-123";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentDictionary<string, string> _bodies = new();
    private int _sequence;

    private FakeUpstream(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First() + "/v1/";

    /// <summary>When set, every call fails with this status and an error body that echoes the API key.</summary>
    public int? FailWith { get; set; }

    /// <summary>When set, every call answers 200 with this text as an HTML page (a proxy's error page, say).</summary>
    public string? HtmlPage { get; set; }

    public int Calls(string route) => _calls.TryGetValue(route, out int count) ? count : 0;

    /// <summary>The JSON body of the last call of a route, as the upstream received it.</summary>
    public string? LastBody(string route) => _bodies.TryGetValue(route, out string? body) ? body : null;

    public static async Task<FakeUpstream> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var upstream = new FakeUpstream(app);
        app.MapPost("/v1/chat/completions", (Func<HttpContext, Task<IResult>>)(http => upstream.AnswerAsync(http, "chat", n => new
        {
            id = $"chatcmpl-{n}",
            @object = "chat.completion",
            created = 1764115200,
            model = "gpt-4o",
            system_fingerprint = "fp_test",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = $"answer {n}" }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
        })));
        app.MapPost("/v1/embeddings", (Func<HttpContext, Task<IResult>>)(http => upstream.AnswerAsync(http, "embeddings", n => new
        {
            @object = "list",
            model = "text-embedding-3-small",
            data = new[] { new { @object = "embedding", index = 0, embedding = new[] { n, 0.5f, 0.25f } } },
        })));
        app.MapPost("/v1/images/generations", (Func<HttpContext, Task<IResult>>)(http => upstream.AnswerAsync(http, "images", n => new
        {
            created = 1764115200,
            data = new[] { new { url = $"https://images.example/{n}.png" } },
        })));
        await app.StartAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> AnswerAsync(HttpContext http, string route, Func<int, object> answer)
    {
        _calls.AddOrUpdate(route, 1, (_, count) => count + 1);
        using JsonDocument request = await JsonDocument.ParseAsync(http.Request.Body);
        _bodies[route] = request.RootElement.GetRawText();
        if (http.Request.Headers.Authorization.ToString() != $"Bearer {ApiKey}")
        {
            return Results.Json(new { error = new { message = "missing key" } }, statusCode: 401);
        }

        if (HtmlPage is { } page)
        {
            return Results.Content(page, "text/html");
        }

        if (FailWith is { } status)
        {
            return Results.Json(new { error = new { message = $"Rate limited for key {ApiKey}", type = "rate_limit" } }, statusCode: status);
        }

        return Results.Json(answer(Interlocked.Increment(ref _sequence)));
    }
}
