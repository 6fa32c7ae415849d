using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Gateway.Contracts;
using Gateway.Hosting;
using Gateway.Providers;

namespace Caching.Soak;

/// <summary>One request of the mix and what a correct answer to it is.</summary>
internal sealed record SoakRequest(string Route, string Json, int ExpectedStatus, string? ExpectedId, string? ExpectedContent);

/// <summary>
/// The fixed mix: 80 % repeats of 200 chat prompts (hits once warm), 10 % prompts never sent before (misses), 10 % bad
/// inputs (each must be a 400). The expected answer of every valid request comes from the same deterministic provider
/// the gateway runs, called directly, so a wrong hit (another request's answer) is caught.
/// </summary>
internal sealed class RequestMix
{
    private static readonly string[] BadInputs =
    [
        """{"model":"gpt-4o","messages":[{"role":"user","content":5}]}""",
        """{"model":"gpt-4o","messages":[null]}""",
        """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"temperature":1e400}""",
        """{"model":"gpt-4o","messages":[{"role":"user","content":"a\ud800"}]}""",
        """{"model":"gpt-4o\r\n","messages":[{"role":"user","content":"hi"}]}""",
        """{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"n":10000000}""",
        """{"model":"gpt-4o","messages":[""",
    ];

    private readonly LocalProvider _expected = new(new GatewayOptions { LocalLatency = TimeSpan.Zero }, TimeProvider.System);
    private readonly SoakRequest[] _repeats;
    private int _unique;

    private RequestMix(SoakRequest[] repeats) => _repeats = repeats;

    public static async Task<RequestMix> CreateAsync()
    {
        var mix = new RequestMix([]);
        var repeats = new SoakRequest[200];
        for (int i = 0; i < repeats.Length; i++)
        {
            repeats[i] = await mix.ChatAsync($"Question {i.ToString(CultureInfo.InvariantCulture)}: what is {i * 7} divided by 7?");
        }

        return new RequestMix(repeats);
    }

    public async Task<SoakRequest> NextAsync(Random random)
    {
        int roll = random.Next(100);
        if (roll < 80)
        {
            return _repeats[random.Next(_repeats.Length)];
        }

        if (roll < 90)
        {
            int n = Interlocked.Increment(ref _unique);
            return await ChatAsync($"A question never asked before, number {n.ToString(CultureInfo.InvariantCulture)}.");
        }

        return new SoakRequest("/v1/chat/completions", BadInputs[random.Next(BadInputs.Length)], 400, null, null);
    }

    private async Task<SoakRequest> ChatAsync(string prompt)
    {
        string json = JsonSerializer.Serialize(new
        {
            model = "gpt-4o",
            messages = new object[] { new { role = "system", content = "Be brief." }, new { role = "user", content = prompt } },
            temperature = 0.2,
        });
        ChatCompletionRequest request = JsonSerializer.Deserialize<ChatCompletionRequest>(json, GatewayJson.Options)!;
        ChatCompletionResponse answer = await _expected.CompleteAsync(request);
        return new SoakRequest("/v1/chat/completions", json, 200, answer.Id, answer.Choices[0].Message.Content?.GetString());
    }

    /// <summary>Null when the answer is right; otherwise what is wrong with it.</summary>
    public static string? Check(SoakRequest request, int status, string body)
    {
        if (status != request.ExpectedStatus)
        {
            return $"status {status}, expected {request.ExpectedStatus}";
        }

        if (request.ExpectedId is null)
        {
            return body.Contains("\"invalid_request_error\"", StringComparison.Ordinal) ? null : "a 400 without an OpenAI error body";
        }

        using JsonDocument document = JsonDocument.Parse(body);
        JsonElement root = document.RootElement;
        string? id = root.GetProperty("id").GetString();
        string? content = root.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
        return id == request.ExpectedId && content == request.ExpectedContent ? null : $"answer {id} \"{content}\" for a request whose answer is {request.ExpectedId}";
    }
}
