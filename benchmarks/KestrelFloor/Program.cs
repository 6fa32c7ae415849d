using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

// The floor of a cached HTTP answer on this stack: Kestrel reads the whole request body and writes fixed response bytes,
// with no parsing, no key and no cache. Usage: KestrelFloor --urls http://127.0.0.1:PORT --response FILE
string responseFile = args[Array.IndexOf(args, "--response") + 1];
byte[] response = File.ReadAllBytes(responseFile);

WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
WebApplication app = builder.Build();
app.MapPost("/v1/chat/completions", async (HttpContext http) =>
{
    PipeReader body = http.Request.BodyReader;
    while (true)
    {
        ReadResult read = await body.ReadAsync(http.RequestAborted);
        body.AdvanceTo(read.Buffer.End);
        if (read.IsCompleted)
        {
            break;
        }
    }

    http.Response.ContentType = "application/json";
    http.Response.ContentLength = response.Length;
    await http.Response.Body.WriteAsync(response, http.RequestAborted);
});
await app.RunAsync();
