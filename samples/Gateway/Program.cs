using System;
using Caching;
using Gateway.Hosting;
using Microsoft.AspNetCore.Builder;

try
{
    await GatewayApp.Build(args).RunAsync();
    return 0;
}
catch (CacheConfigException ex)
{
    Console.Error.WriteLine($"The gateway did not start: {ex.Message}");
    return 1;
}
