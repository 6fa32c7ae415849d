using System;
using System.Collections.Generic;
using System.Threading;
using System.Text.Json;
using System.Threading.Tasks;
using Caching;
using Gateway.Contracts;
using Gateway.Hosting;
using Gateway.Providers;
using Gateway.Savings;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http;

namespace Gateway.Endpoints;

/// <summary>
/// <c>"stream": true</c>: the answer as OpenAI server-sent events (<c>data: {chunk}</c> lines, then <c>data: [DONE]</c>),
/// through the cached streaming method, with x-cache and x-cache-key sent before the first event.
/// </summary>
internal static class ChatStreaming
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    public static async Task<IResult> StreamAsync(HttpContext http, ChatCompletionRequest request, CachePolicy policy, SavingsCounters savings, Func<CancellationToken, IAsyncEnumerable<ChatCompletionChunk>> stream)
    {
        if (policy.Http.Unsatisfiable)
        {
            return CompletionEndpoints.NotCached(http.Response);
        }

        bool includeUsage = request.StreamOptions is { ValueKind: JsonValueKind.Object } streamOptions
            && streamOptions.TryGetProperty("include_usage", out JsonElement include)
            && include.ValueKind == JsonValueKind.True;
        using CacheCallContext cache = CacheCallContext.Begin(policy.Directives, TenantKeys.TenantOf(http)?.Name);
        await using IAsyncEnumerator<ChatCompletionChunk> chunks = stream(http.RequestAborted).GetAsyncEnumerator(http.RequestAborted);

        // The first chunk decides hit or miss, and is where an upstream failure shows: both before any byte is sent.
        bool more;
        try
        {
            more = await chunks.MoveNextAsync();
        }
        catch (NotCachedException)
        {
            return CompletionEndpoints.NotCached(http.Response);
        }
        catch (UpstreamException ex)
        {
            return Results.Text(ex.Body, "application/json", statusCode: ex.StatusCode);
        }

        HttpResponse response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        CacheHeaders.Write(response, cache, policy);
        await response.StartAsync(http.RequestAborted);
        bool saves = SavedAnswers.Saves(cache.Outcome);
        try
        {
            while (more)
            {
                ChatCompletionChunk chunk = chunks.Current;
                if (saves && chunk.Usage is { } usage)
                {
                    savings.Record(request.Model, TenantKeys.LabelOf(http), usage.PromptTokens, usage.CompletionTokens);
                }

                if (includeUsage || !chunk.IsUsageOnly)
                {
                    await response.Body.WriteAsync(DataPrefix, http.RequestAborted);
                    await JsonSerializer.SerializeAsync(response.Body, chunk, GatewayJson.Info<ChatCompletionChunk>(), http.RequestAborted);
                    await response.Body.WriteAsync(EventEnd, http.RequestAborted);
                    await response.Body.FlushAsync(http.RequestAborted);
                }

                more = await chunks.MoveNextAsync();
            }

            await response.Body.WriteAsync(Done, http.RequestAborted);
        }
        catch (UpstreamException ex)
        {
            // The status is already sent: the failure goes out as an error event, and the stream ends without [DONE].
            await response.Body.WriteAsync(DataPrefix, http.RequestAborted);
            await response.WriteAsync(ex.Body, http.RequestAborted);
            await response.Body.WriteAsync(EventEnd, http.RequestAborted);
        }

        return Results.Empty;
    }
}
