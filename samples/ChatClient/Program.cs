using System;
using System.ClientModel;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Caching;
using Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using OpenAI;

// dotnet run --project samples/ChatClient [-- --endpoint http://localhost:5080/v1]
// Microsoft.Extensions.AI code with a cache in front of it: the official OpenAI SDK's chat client, as an IChatClient,
// wrapped by .UseCaching(). Without --endpoint it starts the sample gateway in-process (built-in provider, no keys).
string? endpoint = args.SkipWhile(a => a != "--endpoint").Skip(1).FirstOrDefault();
WebApplication? gateway = null;
if (endpoint is null)
{
    gateway = GatewayApp.Build([], configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Urls"] = "http://127.0.0.1:0",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Cache:Enabled"] = "false", // the client's cache is the one shown here
    }));
    await gateway.StartAsync();
    endpoint = gateway.Urls.First() + "/v1";
}

await using CacheManager cache = await CacheManager.CreateAsync(new CacheConfig { Namespace = "chat-client-sample" });
IChatClient client = new OpenAIClient(new ApiKeyCredential("sk-not-needed-by-the-sample-gateway"), new OpenAIClientOptions { Endpoint = new Uri(endpoint) })
    .GetChatClient("gpt-4o")
    .AsIChatClient()
    .AsBuilder()
    .UseCaching(cache, options => options.Ttl = TimeSpan.FromMinutes(10))
    .Build();

List<ChatMessage> conversation = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "What does a cache in front of an LLM save?")];
var options = new ChatOptions { Temperature = 0.2f };
for (int i = 1; i <= 2; i++)
{
    var stopwatch = Stopwatch.StartNew();
    ChatResponse response = await client.GetResponseAsync(conversation, options);
    Console.WriteLine($"call {i}: {stopwatch.Elapsed.TotalMilliseconds,8:F1} ms  {response.Text}");
}

Console.Write("streamed: ");
for (int i = 1; i <= 2; i++)
{
    var stopwatch = Stopwatch.StartNew();
    await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(conversation, options))
    {
        Console.Write(update.Text);
    }

    Console.Write($"  ({stopwatch.Elapsed.TotalMilliseconds:F1} ms){(i == 1 ? "\nstreamed: " : "\n")}");
}

CacheStats stats = cache.GetStats();
Console.WriteLine($"hits {stats.Hits}, misses {stats.Misses}, stream elements replayed {stats.StreamElementsReplayed}");
if (gateway is not null)
{
    await gateway.StopAsync();
}
