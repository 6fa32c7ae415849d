using System;
using System.IO;
using Caching;
using Gateway.Dashboard;
using Gateway.Endpoints;
using Gateway.Providers;
using Gateway.Savings;
using Gateway.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Hosting;

/// <summary>Builds the gateway: configuration, the upstream provider, its generated cached decorator, the routes.</summary>
public static class GatewayApp
{
    /// <summary>
    /// Builds the application; <paramref name="overrides"/> lets tests replace settings, and <paramref name="services"/>
    /// services (a test's clock, say) after the gateway registered its own.
    /// </summary>
    /// <exception cref="CacheConfigException">The cache or gateway configuration is invalid.</exception>
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? overrides = null, Action<IServiceCollection>? services = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        overrides?.Invoke(builder.Configuration);

        GatewayOptions options = GatewayOptions.From(builder.Configuration);
        ErrorPages.RaiseKestrelLineLimit(builder, options.MaxRequestBytes);
        CacheConfig cacheConfig = options.CacheConfigFile is { } file
            ? CacheConfig.FromToml(ReadConfigFile(file))
            : CacheConfig.FromConfiguration(builder.Configuration);

        // Answers are sized and stored in Redis through the generated contracts, as under Native AOT they must be.
        cacheConfig.JsonSerializerOptions = GatewayJson.Options;

        // A stale answer stands in for the provider's failures (429, 5xx, unreachable), never for a client's mistake.
        cacheConfig.ServeStaleWhen = UpstreamFailures.ServeStale;

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCaching(cacheConfig);
        Func<IServiceProvider, ILlmProvider> upstream;
        if (options.Upstream == "openai")
        {
            builder.Services.AddHttpClient<OpenAiCompatibleProvider>(client => client.MaxResponseContentBufferSize = options.MaxResponseBytes);
            upstream = provider => provider.GetRequiredService<OpenAiCompatibleProvider>();
            builder.Services.AddTransient(upstream);
        }
        else
        {
            builder.Services.AddSingleton<LocalProvider>();
            upstream = provider => provider.GetRequiredService<LocalProvider>();
            builder.Services.AddSingleton(upstream);
        }

        // With Cache:Semantic:Enabled, chat requests whose last message is the user's text go through the semantic methods.
        builder.Services.AddSingleton(new SemanticRouting(builder.Services.AddSemanticLayer(cacheConfig, builder.Configuration, upstream)));

        // The one line of caching code: wrap the registered provider in the decorator the generator emitted.
        builder.Services.AddCachedLlmProvider();

        builder.Services.AddGatewayHealthChecks();
        var tenants = new TenantDirectory(builder.Configuration);
        builder.Services.AddSingleton(tenants);
        builder.Services.AddSingleton(new SavingsCounters(PriceTable.From(builder.Configuration)));
        builder.Services.AddSingleton<TrafficRecorder>();
        services?.Invoke(builder.Services);
        builder.Services.AddGatewayTelemetry(builder.Configuration);

        WebApplication app = builder.Build();
        if (tenants.IsOpen)
        {
            GatewayLog.OpenToAnyone(app.Logger);
        }

        app.UseGatewayErrors();
        app.UseOpenAiErrorPages();
        app.UseTenantKeys();
        app.UseTrafficRecording();
        app.MapCompletionEndpoints();
        app.MapTenantEndpoints();
        byte[]? adminKeyHash = cacheConfig.AdminKey is { } adminKey ? SecretKeys.HashOf(adminKey) : null;
        app.MapAdminEndpoints(adminKeyHash);
        app.MapDashboard(adminKeyHash);
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGatewayHealthChecks();
        app.MapGet("/", () => Results.Text("LLM gateway with a compile-time cache. POST /v1/chat/completions, /v1/embeddings, /v1/images/generations, /v1/cache/invalidate; GET /admin/dashboard, /admin/cache/stats; GET /metrics; GET /healthz, /readyz.\n"));
        return app;
    }

    private static string ReadConfigFile(string path)
    {
        try
        {
            return File.ReadAllText(Locate(path));
        }
        catch (IOException ex)
        {
            throw new CacheConfigException($"Gateway configuration field 'Gateway:CacheConfigFile' has \"{path}\", which cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// A relative path is looked up from the current folder and then from each folder above it, so that the same
    /// command works from the repository root and from the project folder (which <c>dotnet run</c> may run in).
    /// </summary>
    private static string Locate(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path))
        {
            return path;
        }

        for (DirectoryInfo? folder = new(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, path);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return path;
    }
}
