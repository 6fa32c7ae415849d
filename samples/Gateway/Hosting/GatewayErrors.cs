using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using Gateway.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Hosting;

/// <summary>
/// The last line of defence: an exception no route handled is logged with a correlation id and answered as an
/// OpenAI-format 500 carrying that id (never an empty body), and every 4xx and 5xx answer is counted on the meter
/// "Gateway" (<c>gateway.http.errors</c>, by status code), which /metrics exports.
/// </summary>
internal static partial class GatewayErrors
{
    public const string MeterName = "Gateway";

    public static WebApplication UseGatewayErrors(this WebApplication app)
    {
        Meter meter = app.Services.GetRequiredService<IMeterFactory>().Create(MeterName);
        Counter<long> errors = meter.CreateCounter<long>("gateway.http.errors", "{response}", "Answers with a 4xx or 5xx status, by status code.");
        ILogger logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Gateway.Errors");
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
            {
                string correlationId = context.TraceIdentifier;
                LogUnhandled(logger, ex, correlationId);
                if (!context.Response.HasStarted)
                {
                    context.Response.Clear();
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    context.Response.Headers["x-correlation-id"] = correlationId;
                    await context.Response.WriteAsJsonAsync(
                        new OpenAiError(new OpenAiErrorDetail($"The gateway failed to answer this request (correlation id {correlationId}).", "server_error", null, "internal_error")),
                        GatewayJson.Info<OpenAiError>());
                }
            }
            finally
            {
                if (context.Response.StatusCode >= 400)
                {
                    errors.Add(1, new KeyValuePair<string, object?>("http.response.status_code", context.Response.StatusCode));
                }
            }
        });
        return app;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled error answering a request (correlation id {CorrelationId}).")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string correlationId);
}
