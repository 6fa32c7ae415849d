using System;
using System.Threading.Tasks;
using Gateway.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Hosting;

namespace Gateway.Hosting;

/// <summary>
/// Every error the framework itself would answer with an empty body (404 unknown route, 405 wrong method, 414 a URL too
/// long, …) gets an OpenAI-format body instead, so a client's SDK can always read what went wrong.
/// </summary>
internal static class ErrorPages
{
    /// <summary>The longest request target the gateway answers; a longer one is a 414 with an OpenAI-format body.</summary>
    public const int MaxUrlLength = 8 * 1024;

    /// <summary>
    /// Kestrel answers a request line over its own limit with an empty 414 before any middleware runs; its limit is raised
    /// to the body limit so that the gateway's check (and its body) comes first for anything short of that.
    /// </summary>
    public static void RaiseKestrelLineLimit(WebApplicationBuilder builder, int limit) =>
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = Math.Max(kestrel.Limits.MaxRequestLineSize, limit));

    public static WebApplication UseOpenAiErrorPages(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            int length = context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length ?? 0;
            return length > MaxUrlLength
                ? WriteAsync(context, StatusCodes.Status414UriTooLong, $"The request URL is longer than {MaxUrlLength} characters.", "url_too_long")
                : next(context);
        });
        app.UseStatusCodePages(static status =>
        {
            HttpContext context = status.HttpContext;
            string target = context.Request.Method + " " + Shorten(context.Request.Path.Value ?? "/");
            return context.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => WriteAsync(context, 404, $"Invalid URL ({target}).", "unknown_url"),
                StatusCodes.Status405MethodNotAllowed => WriteAsync(context, 405, $"Method not allowed ({target}).", "method_not_allowed"),
                int code => WriteAsync(context, code, $"The request could not be answered ({code}).", null),
            };
        });
        return app;
    }

    private static Task WriteAsync(HttpContext context, int status, string message, string? code)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new OpenAiError(new OpenAiErrorDetail(message, "invalid_request_error", null, code)), GatewayJson.Info<OpenAiError>());
    }

    private static string Shorten(string path) => path.Length <= 128 ? path : path[..128] + "…";
}
