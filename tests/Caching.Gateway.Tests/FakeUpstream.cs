using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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

    /// <summary>When set, chat answers carry a content of this many characters.</summary>
    public int? ContentLength { get; set; }

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
        app.MapPost("/v1/chat/completions", (Func<HttpContext, Task<IResult>>)(http => upstream.ChatAsync(http, n => new
        {
            id = $"chatcmpl-{n}",
            @object = "chat.completion",
            created = 1764115200,
            model = "gpt-4o",
            system_fingerprint = "fp_test",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = upstream.ContentLength is { } length ? new string('a', length) : $"answer {n}" }, finish_reason = "stop" } },
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

    /// <summary>A pause between streamed chunks (zero: none), to give a client time to go away mid-stream.</summary>
    public TimeSpan StreamDelay { get; set; }

    /// <summary>Completes when a streaming request was aborted by the gateway before its end.</summary>
    public TaskCompletionSource StreamAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The chunks of a streamed answer: role, three pieces of content, finish, then usage when asked.</summary>
    public static readonly string[] StreamedPieces = ["answer ", "in ", "pieces"];

    private async Task<IResult> ChatAsync(HttpContext http, Func<int, object> answer)
    {
        http.Request.EnableBuffering();
        using (JsonDocument peek = await JsonDocument.ParseAsync(http.Request.Body))
        {
            http.Request.Body.Position = 0;
            if (!peek.RootElement.TryGetProperty("stream", out JsonElement stream) || stream.ValueKind != JsonValueKind.True)
            {
                return await AnswerAsync(http, "chat", answer);
            }
        }

        _calls.AddOrUpdate("chat", 1, (_, count) => count + 1);
        using JsonDocument request = await JsonDocument.ParseAsync(http.Request.Body);
        _bodies["chat"] = request.RootElement.GetRawText();
        if (FailWith is { } status)
        {
            return Results.Json(new { error = new { message = "stream refused", type = "rate_limit" } }, statusCode: status);
        }

        bool usage = request.RootElement.TryGetProperty("stream_options", out JsonElement options)
            && options.TryGetProperty("include_usage", out JsonElement include) && include.ValueKind == JsonValueKind.True;
        int n = Interlocked.Increment(ref _sequence);
        var events = new List<object>
        {
            Chunk(n, new { role = "assistant", content = "" }, null),
        };
        events.AddRange(StreamedPieces.Select(piece => Chunk(n, new { content = piece + n }, null)));
        events.Add(Chunk(n, new { }, "stop"));
        if (usage)
        {
            events.Add(new { id = $"chatcmpl-{n}", @object = "chat.completion.chunk", created = 1764115200, model = "gpt-4o", choices = Array.Empty<object>(), usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 } });
        }

        http.Response.ContentType = "text/event-stream";
        try
        {
            foreach (object item in events)
            {
                await http.Response.WriteAsync("data: " + JsonSerializer.Serialize(item) + "\n\n", http.RequestAborted);
                await http.Response.Body.FlushAsync(http.RequestAborted);
                if (StreamDelay > TimeSpan.Zero)
                {
                    await Task.Delay(StreamDelay, http.RequestAborted);
                }
            }

            await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            StreamAborted.TrySetResult();
        }

        return Results.Empty;
    }

    private static object Chunk(int n, object delta, string? finish) => new
    {
        id = $"chatcmpl-{n}",
        @object = "chat.completion.chunk",
        created = 1764115200,
        model = "gpt-4o",
        choices = new[] { new { index = 0, delta, finish_reason = finish } },
    };

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
