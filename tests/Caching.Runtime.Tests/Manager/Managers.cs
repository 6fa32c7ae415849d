using System;
using Microsoft.Extensions.Time.Testing;

namespace Caching.Tests.Manager;

/// <summary>Builds managers for tests: memory backend, a fake clock unless one is given.</summary>
internal static class Managers
{
    public static CacheManager Create(Action<CacheConfig>? configure = null, TimeProvider? time = null)
    {
        var config = new CacheConfig { AdminKey = "admin-secret" };
        configure?.Invoke(config);
        return CacheManager.Create(config, timeProvider: time ?? new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
