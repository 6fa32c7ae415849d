namespace Caching;

/// <summary>How one configuration source spells the fields, so that errors name them as the user wrote them.</summary>
internal sealed class ConfigFieldNames
{
    public static readonly ConfigFieldNames Toml = new("cache", "enabled", "backend", "redis_url", "redis_timeout", "ttl", "max_size", "namespace", "admin_key", "max_memory", "max_entry_size", "redis_connect_timeout", "max_stream_elements", "l1_ttl", "backplane", "redis_scan_timeout");

    public static readonly ConfigFieldNames Configuration = new("Cache", "Enabled", "Backend", "RedisUrl", "RedisTimeout", "Ttl", "MaxSize", "Namespace", "AdminKey", "MaxMemory", "MaxEntrySize", "RedisConnectTimeout", "MaxStreamElements", "L1Ttl", "Backplane", "RedisScanTimeout");

    public static readonly ConfigFieldNames Code = new(nameof(CacheConfig), nameof(CacheConfig.Enabled), nameof(CacheConfig.Backend), nameof(CacheConfig.RedisUrl), nameof(CacheConfig.RedisTimeout), nameof(CacheConfig.Ttl), nameof(CacheConfig.MaxSize), nameof(CacheConfig.Namespace), nameof(CacheConfig.AdminKey), nameof(CacheConfig.MaxMemory), nameof(CacheConfig.MaxEntrySize), nameof(CacheConfig.RedisConnectTimeout), nameof(CacheConfig.MaxStreamElements), nameof(CacheConfig.L1Ttl), nameof(CacheConfig.Backplane), nameof(CacheConfig.RedisScanTimeout));

    private ConfigFieldNames(string section, string enabled, string backend, string redisUrl, string redisTimeout, string ttl, string maxSize, string ns, string adminKey, string maxMemory, string maxEntrySize, string redisConnectTimeout, string maxStreamElements, string l1Ttl, string backplane, string redisScanTimeout)
    {
        L1Ttl = l1Ttl;
        Backplane = backplane;
        RedisScanTimeout = redisScanTimeout;
        MaxStreamElements = maxStreamElements;
        MaxMemory = maxMemory;
        MaxEntrySize = maxEntrySize;
        RedisConnectTimeout = redisConnectTimeout;
        Section = section;
        Enabled = enabled;
        Backend = backend;
        RedisUrl = redisUrl;
        RedisTimeout = redisTimeout;
        Ttl = ttl;
        MaxSize = maxSize;
        Namespace = ns;
        AdminKey = adminKey;
    }

    public string Section { get; }

    public string Enabled { get; }

    public string Backend { get; }

    public string RedisUrl { get; }

    public string RedisTimeout { get; }

    public string Ttl { get; }

    public string MaxSize { get; }

    public string Namespace { get; }

    public string AdminKey { get; }

    public string MaxMemory { get; }

    public string MaxEntrySize { get; }

    public string RedisConnectTimeout { get; }

    public string MaxStreamElements { get; }

    public string L1Ttl { get; }

    public string Backplane { get; }

    public string RedisScanTimeout { get; }

    public string[] All => [Enabled, Backend, RedisUrl, RedisTimeout, RedisConnectTimeout, RedisScanTimeout, Backplane, Ttl, L1Ttl, MaxSize, MaxMemory, MaxEntrySize, MaxStreamElements, Namespace, AdminKey];
}
