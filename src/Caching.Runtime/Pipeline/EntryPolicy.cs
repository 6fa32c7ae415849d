using System;

namespace Caching;

/// <summary>A call's <see cref="CacheEntryOptions"/> with the configuration's values filled in, checked once.</summary>
internal readonly record struct EntryPolicy(TimeSpan Ttl, TimeSpan StaleIfError, TimeSpan SoftTimeout, TimeSpan HardTimeout, double? EagerRefresh)
{
    /// <summary>Whether a stale answer can stand in for a provider call that is too slow.</summary>
    public bool HasProviderTimeouts => SoftTimeout > TimeSpan.Zero || HardTimeout > TimeSpan.Zero;

    public static EntryPolicy Of(CacheConfig config, CacheEntryOptions? options)
    {
        if (options is null)
        {
            return new EntryPolicy(config.Ttl, config.StaleIfError, config.ProviderSoftTimeout, config.ProviderHardTimeout, Fraction(config.EagerRefresh));
        }

        var policy = new EntryPolicy(
            options.Ttl ?? config.Ttl,
            options.StaleIfError ?? config.StaleIfError,
            options.SoftTimeout ?? config.ProviderSoftTimeout,
            options.HardTimeout ?? config.ProviderHardTimeout,
            Fraction(options.EagerRefresh ?? config.EagerRefresh));
        if (policy.Ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), policy.Ttl, "A time to live must be longer than zero.");
        }

        if (policy.StaleIfError < TimeSpan.Zero || policy.SoftTimeout < TimeSpan.Zero || policy.HardTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "StaleIfError, SoftTimeout and HardTimeout must be zero or longer.");
        }

        if (options.EagerRefresh is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.EagerRefresh, "EagerRefresh is a fraction of the TTL: 0 (off) or below 1.");
        }

        return policy;
    }

    private static double? Fraction(double value) => value > 0 ? value : null;
}
