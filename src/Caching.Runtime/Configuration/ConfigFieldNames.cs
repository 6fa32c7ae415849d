namespace Caching;

/// <summary>How one configuration source spells the fields, so that errors name them as the user wrote them.</summary>
internal sealed record ConfigFieldNames
{
    public static readonly ConfigFieldNames Toml = new()
    {
        Section = "cache",
        Enabled = "enabled",
        Backend = "backend",
        RedisUrl = "redis_url",
        RedisTimeout = "redis_timeout",
        RedisConnectTimeout = "redis_connect_timeout",
        RedisScanTimeout = "redis_scan_timeout",
        Backplane = "backplane",
        Ttl = "ttl",
        L1Ttl = "l1_ttl",
        StaleIfError = "stale_if_error",
        ProviderSoftTimeout = "provider_soft_timeout",
        ProviderHardTimeout = "provider_hard_timeout",
        EagerRefresh = "eager_refresh",
        SemanticEnabled = "semantic_enabled",
        SemanticEmbedder = "semantic_embedder",
        SemanticThreshold = "semantic_threshold",
        SemanticMemoryShare = "semantic_memory_share",
        MaxSize = "max_size",
        MaxMemory = "max_memory",
        MaxEntrySize = "max_entry_size",
        MaxStreamElements = "max_stream_elements",
        Namespace = "namespace",
        AdminKey = "admin_key",
    };

    public static readonly ConfigFieldNames Configuration = new()
    {
        Section = "Cache",
        Enabled = "Enabled",
        Backend = "Backend",
        RedisUrl = "RedisUrl",
        RedisTimeout = "RedisTimeout",
        RedisConnectTimeout = "RedisConnectTimeout",
        RedisScanTimeout = "RedisScanTimeout",
        Backplane = "Backplane",
        Ttl = "Ttl",
        L1Ttl = "L1Ttl",
        StaleIfError = "StaleIfError",
        ProviderSoftTimeout = "ProviderSoftTimeout",
        ProviderHardTimeout = "ProviderHardTimeout",
        EagerRefresh = "EagerRefresh",
        SemanticEnabled = "Semantic:Enabled",
        SemanticEmbedder = "Semantic:Embedder",
        SemanticThreshold = "Semantic:Threshold",
        SemanticMemoryShare = "Semantic:MemoryShare",
        MaxSize = "MaxSize",
        MaxMemory = "MaxMemory",
        MaxEntrySize = "MaxEntrySize",
        MaxStreamElements = "MaxStreamElements",
        Namespace = "Namespace",
        AdminKey = "AdminKey",
    };

    public static readonly ConfigFieldNames Code = Configuration with { Section = nameof(CacheConfig) };

    public required string Section { get; init; }

    public required string Enabled { get; init; }

    public required string Backend { get; init; }

    public required string RedisUrl { get; init; }

    public required string RedisTimeout { get; init; }

    public required string RedisConnectTimeout { get; init; }

    public required string RedisScanTimeout { get; init; }

    public required string Backplane { get; init; }

    public required string Ttl { get; init; }

    public required string L1Ttl { get; init; }

    public required string StaleIfError { get; init; }

    public required string ProviderSoftTimeout { get; init; }

    public required string ProviderHardTimeout { get; init; }

    public required string EagerRefresh { get; init; }

    public required string SemanticEnabled { get; init; }

    public required string SemanticEmbedder { get; init; }

    public required string SemanticThreshold { get; init; }

    public required string SemanticMemoryShare { get; init; }

    public required string MaxSize { get; init; }

    public required string MaxMemory { get; init; }

    public required string MaxEntrySize { get; init; }

    public required string MaxStreamElements { get; init; }

    public required string Namespace { get; init; }

    public required string AdminKey { get; init; }

    public string[] All =>
    [
        Enabled, Backend, RedisUrl, RedisTimeout, RedisConnectTimeout, RedisScanTimeout, Backplane, Ttl, L1Ttl, StaleIfError,
        ProviderSoftTimeout, ProviderHardTimeout, EagerRefresh, SemanticEnabled, SemanticEmbedder, SemanticThreshold, SemanticMemoryShare, MaxSize, MaxMemory, MaxEntrySize, MaxStreamElements, Namespace, AdminKey,
    ];
}
