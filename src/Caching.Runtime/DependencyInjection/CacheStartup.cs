using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Caching;

/// <summary>
/// Makes the manager ready before the host takes traffic: it is created, and waits for its second level and backplane
/// (up to <see cref="CacheConfig.RedisConnectTimeout"/>), in the host's starting phase, which runs before any hosted
/// service starts (a web host's server among them). Without it the first requests of a new instance would be answered
/// before Redis serves, and their answers kept in memory alone.
/// </summary>
internal sealed class CacheStartup(CacheManager manager) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => manager.WaitUntilReadyAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
