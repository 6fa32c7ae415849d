using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Caching.Soak.Chaos;

/// <summary>What the fake upstream does with each call.</summary>
internal enum UpstreamMode
{
    /// <summary>Answers at once, deterministically: "answer to: {last user message}".</summary>
    Answering,

    /// <summary>Answers every call with a 500.</summary>
    Failing,

    /// <summary>Not listening: connections are refused.</summary>
    Refusing,

    /// <summary>Holds every call for the hang time, then answers 503.</summary>
    Hanging,
}

/// <summary>An OpenAI-compatible upstream on a fixed loopback port that answers, fails, refuses or hangs on command.</summary>
internal sealed class ChaosUpstream(int port, TimeSpan hang) : IAsyncDisposable
{
    private WebApplication? _app;
    private int _calls;

    public UpstreamMode Mode { get; private set; } = UpstreamMode.Refusing;

    public string BaseUrl => $"http://127.0.0.1:{port}/v1/";

    public int Calls => Volatile.Read(ref _calls);

    public static string AnswerTo(string question) => "answer to: " + question;

    public async Task SwitchAsync(UpstreamMode mode)
    {
        if (mode == UpstreamMode.Refusing && _app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
        else if (mode != UpstreamMode.Refusing && _app is null)
        {
            _app = Build();
            await _app.StartAsync();
        }

        Mode = mode;
    }

    public async ValueTask DisposeAsync() => await SwitchAsync(UpstreamMode.Refusing);

    private WebApplication Build()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        app.MapPost("/v1/chat/completions", (Func<HttpContext, Task<IResult>>)AnswerAsync);
        return app;
    }

    private async Task<IResult> AnswerAsync(HttpContext http)
    {
        Interlocked.Increment(ref _calls);
        using JsonDocument request = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
        switch (Mode)
        {
            case UpstreamMode.Failing:
                return Results.Json(new { error = new { message = "the provider is failing", type = "server_error" } }, statusCode: 500);
            case UpstreamMode.Hanging:
                try
                {
                    await Task.Delay(hang, http.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return Results.Empty;
                }

                return Results.Json(new { error = new { message = "the provider timed out", type = "server_error" } }, statusCode: (int)HttpStatusCode.ServiceUnavailable);
        }

        string question = request.RootElement.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        return Results.Json(new
        {
            id = "chatcmpl-chaos",
            @object = "chat.completion",
            created = 1764115200,
            model = "gpt-4o",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = AnswerTo(question) }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 10, completion_tokens = 5, total_tokens = 15 },
        });
    }
}
