using System;
using System.Buffers;
using Microsoft.Extensions.Configuration;

namespace Caching;

/// <summary>
/// The cache's options. Read them from the TOML <c>[cache]</c> table (<see cref="FromToml"/>), from an
/// <see cref="IConfiguration"/> "Cache" section (<see cref="FromConfiguration"/>) or set them in code; all three are
/// checked by <see cref="Validate()"/>, which <see cref="CacheManager.CreateAsync"/> calls.
/// </summary>
public sealed class CacheConfig
{
    private static readonly SearchValues<char> NamespaceCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

    /// <summary>When false every call goes to the provider and nothing is stored. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Memory (default) or Redis.</summary>
    public CacheBackend Backend { get; set; } = CacheBackend.Memory;

    /// <summary>A StackExchange.Redis connection string (password, TLS and several endpoints allowed); required for Redis.</summary>
    public string? RedisUrl { get; set; }

    /// <summary>
    /// The longest any Redis operation may hold up a caller, measured on the manager's <see cref="TimeProvider"/>. Default
    /// 100 ms.
    /// </summary>
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// The longest a pattern invalidation or clear may scan Redis (SCAN and UNLINK over every primary). One that runs out
    /// is queued and replayed, and Redis does not serve until it has run, so a partial invalidation never leaves a stale
    /// answer served. Default 5 s.
    /// </summary>
    public TimeSpan RedisScanTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// With Redis, how long an instance keeps a memory copy of an entry read from or written to Redis (never longer than
    /// the entry's own remaining lifetime). Default 5 minutes.
    /// </summary>
    public TimeSpan L1Ttl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// With Redis, whether instances sharing the namespace tell each other of every set, removal, invalidation and clear
    /// over Redis pub/sub, so that none serves a memory copy another instance invalidated. Default true; without it a
    /// memory copy may outlive another instance's invalidation by up to <see cref="L1Ttl"/>.
    /// </summary>
    public bool Backplane { get; set; } = true;

    /// <summary>
    /// How long <see cref="CacheManager.CreateAsync"/> waits for the first Redis connection before it starts on the memory
    /// fallback. Default 2 s; zero starts at once.
    /// </summary>
    public TimeSpan RedisConnectTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long an entry lives unless a call says otherwise. Default 1 hour.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long after its freshness an answer is kept, stale, to be served only when the provider fails (or, with
    /// <see cref="ProviderSoftTimeout"/>, is too slow). Default zero: nothing is kept stale. Per call:
    /// <see cref="CacheEntryOptions.StaleIfError"/>; per method: the attributes' <c>StaleIfError</c>.
    /// </summary>
    public TimeSpan StaleIfError { get; set; }

    /// <summary>
    /// With a stale answer to fall back on, how long a provider call may take before the stale answer is served and the
    /// call goes on in the background to refresh the entry. Default zero: no soft timeout.
    /// </summary>
    public TimeSpan ProviderSoftTimeout { get; set; }

    /// <summary>
    /// With a stale answer to fall back on, the longest a provider call may run before it is cancelled (and the stale
    /// answer served, if no answer went out yet). Default zero: no hard timeout.
    /// </summary>
    public TimeSpan ProviderHardTimeout { get; set; }

    /// <summary>
    /// The part of an answer's freshness (0.9: the last tenth) after which a hit starts one background refresh of the key,
    /// coalesced with any call in flight for it, so a key under traffic never turns into a miss. Default 0: off.
    /// </summary>
    public double EagerRefresh { get; set; }

    /// <summary>
    /// Which provider failures a stale answer may stand in for; null: every exception except a cancellation by the caller.
    /// Set in code only (a gateway may exclude its clients' own mistakes).
    /// </summary>
    public Func<Exception, bool>? ServeStaleWhen { get; set; }

    /// <summary>
    /// Whether the configuration asks for the semantic layer (<c>Cache:Semantic:Enabled</c>, <c>semantic_enabled</c>): true
    /// needs a <see cref="SemanticEmbedder"/> (from code, or the DI container's embedding generator), false keeps the layer
    /// off even with one; null (the default) leaves it to whether an embedder is set.
    /// </summary>
    public bool? SemanticEnabled { get; set; }

    /// <summary>
    /// Which embedder the host should give the layer (<c>Cache:Semantic:Embedder</c>, <c>semantic_embedder</c>), for
    /// example "local" or "upstream" in the sample gateway. The cache itself does not read it.
    /// </summary>
    public string? SemanticEmbedderName { get; set; }

    /// <summary>Whether calls with a free text may be answered semantically: an embedder is set and the configuration does not say no.</summary>
    public bool SemanticLayerOn => SemanticEmbedder is not null && SemanticEnabled != false;

    /// <summary>
    /// The embedding model of the semantic layer; null (the default) turns the layer off, and every call is exact-only.
    /// Calls made with a <see cref="SemanticQuery"/> (generated <c>[CachedCompletion(Semantic = true)]</c> methods,
    /// Caching.Extensions.AI with <c>Semantic</c> on) embed their free text once when no exact entry answers; set in code
    /// only (Caching.Semantic.Onnx has a local model that needs no service).
    /// </summary>
    public Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>? SemanticEmbedder { get; set; }

    /// <summary>
    /// What decides whether a cached answer may stand for a new wording (see <see cref="ISemanticJudge"/>); null: a
    /// <see cref="CosineJudge"/>. Use the judge made for the embedding model when it has one; set in code only.
    /// </summary>
    public ISemanticJudge? SemanticJudge { get; set; }

    /// <summary>
    /// The longest an embedding call may take before the call goes on exact-only (counted as an embedding error); set in
    /// code only. Default 2 s.
    /// </summary>
    public TimeSpan SemanticEmbeddingTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The judge's score at or over which a semantic hit is served; null (the default): the judge's own default.</summary>
    public double? SemanticThreshold { get; set; }

    /// <summary>
    /// The part of <see cref="MaxMemory"/> the semantic index may hold (its vectors count against <see cref="MaxMemory"/>
    /// with the entries); the oldest vectors go first. Default 0.25.
    /// </summary>
    public double SemanticMemoryShare { get; set; } = 0.25;

    /// <summary>Hand-written copies of mutable value types (see <see cref="CacheValueCopiers"/>); set in code only.</summary>
    public CacheValueCopiers ValueCopiers { get; } = new();

    /// <summary>The most entries the memory store holds. Default 1000.</summary>
    public int MaxSize { get; set; } = 1000;

    /// <summary>
    /// The most bytes the memory store holds, counted as each entry's retained size (see docs/ARCHITECTURE.md); the
    /// least recently used entries go first. Default 256 MB.
    /// </summary>
    public long MaxMemory { get; set; } = 256L << 20;

    /// <summary>
    /// The largest entry the memory store keeps (never more than <see cref="MaxMemory"/>); a larger answer is served but
    /// not stored, and counted as Oversized. Default 1 MB.
    /// </summary>
    public long MaxEntrySize { get; set; } = 1L << 20;

    /// <summary>The most elements a stored stream holds; a longer stream is passed through uncached (counted as Oversized). Default 10,000.</summary>
    public int MaxStreamElements { get; set; } = 10_000;

    /// <summary>The prefix of every stored key, so that applications sharing a Redis never touch each other's keys. Default "cache".</summary>
    public string Namespace { get; set; } = "cache";

    /// <summary>
    /// How cached values are written as JSON (kept for mutable types, sized for shared ones, stored in Redis). Null uses
    /// System.Text.Json's reflection-based defaults. Under Native AOT or trimming, set options whose TypeInfoResolver is
    /// a source-generated <c>JsonSerializerContext</c> covering every cached type; set in code only.
    /// </summary>
    public System.Text.Json.JsonSerializerOptions? JsonSerializerOptions { get; set; }

    /// <summary>The secret a full clear requires. Without one a full clear is impossible.</summary>
    public string? AdminKey { get; set; }

    /// <summary>Reads the <c>[cache]</c> table of a TOML document.</summary>
    /// <exception cref="CacheConfigException">The TOML is malformed or a field is unknown or invalid.</exception>
    public static CacheConfig FromToml(string toml) => TomlConfigReader.Read(toml);

    /// <summary>
    /// Reads the "Cache" section of <paramref name="configuration"/> (or <paramref name="configuration"/> itself when it is
    /// that section), with the property names of this class.
    /// </summary>
    /// <exception cref="CacheConfigException">A field is unknown or invalid.</exception>
    public static CacheConfig FromConfiguration(IConfiguration configuration) => ConfigurationReader.Read(configuration);

    /// <summary>Checks every field; throws naming the first bad one.</summary>
    /// <exception cref="CacheConfigException">A field is invalid.</exception>
    public void Validate() => Validate(ConfigFieldNames.Code);

    /// <summary>
    /// Checks, when a manager is built, that a layer the configuration asks for has its embedder (which the host may set
    /// after reading the configuration).
    /// </summary>
    /// <exception cref="CacheConfigException">Semantic is enabled without an embedder.</exception>
    internal void ValidateSemanticLayer()
    {
        if (SemanticEnabled == true && SemanticEmbedder is null)
        {
            throw new CacheConfigException(
                "Cache configuration field 'Semantic:Enabled' (semantic_enabled) is true but no embedder is set: set CacheConfig.SemanticEmbedder (UseLocalSemanticModel() in Caching.Semantic.Onnx runs one locally), or register an IEmbeddingGenerator<string, Embedding<float>> with the services.")
            {
                Field = "Semantic:Enabled",
            };
        }
    }

    /// <summary>Shows the options without secrets: the admin key and any Redis password are masked.</summary>
    public override string ToString() =>
        $"Enabled={Enabled}, Backend={Backend}, RedisUrl={RedisConnectionText.Redact(RedisUrl) ?? "(none)"}, " +
        $"RedisTimeout={RedisTimeout}, RedisConnectTimeout={RedisConnectTimeout}, RedisScanTimeout={RedisScanTimeout}, Backplane={Backplane}, Ttl={Ttl}, L1Ttl={L1Ttl}, " +
        $"StaleIfError={StaleIfError}, ProviderSoftTimeout={ProviderSoftTimeout}, ProviderHardTimeout={ProviderHardTimeout}, EagerRefresh={EagerRefresh}, " +
        $"Semantic={(SemanticLayerOn ? "on" : "off")}, SemanticThreshold={SemanticThreshold?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(judge default)"}, SemanticMemoryShare={SemanticMemoryShare}, MaxSize={MaxSize}, MaxMemory={MaxMemory}, " +
        $"MaxEntrySize={MaxEntrySize}, MaxStreamElements={MaxStreamElements}, Namespace={Namespace}, AdminKey={(AdminKey is null ? "(none)" : "***")}";

    internal void Validate(ConfigFieldNames names)
    {
        if (Ttl <= TimeSpan.Zero)
        {
            throw CacheConfigException.For(names.Ttl, Ttl, $"expected {CacheDuration.GrammarDescription}");
        }

        if (RedisTimeout <= TimeSpan.Zero)
        {
            throw CacheConfigException.For(names.RedisTimeout, RedisTimeout, $"expected {CacheDuration.GrammarDescription}");
        }

        if (RedisScanTimeout <= TimeSpan.Zero)
        {
            throw CacheConfigException.For(names.RedisScanTimeout, RedisScanTimeout, $"expected {CacheDuration.GrammarDescription}");
        }

        if (L1Ttl <= TimeSpan.Zero)
        {
            throw CacheConfigException.For(names.L1Ttl, L1Ttl, $"expected {CacheDuration.GrammarDescription}");
        }

        if (StaleIfError < TimeSpan.Zero)
        {
            throw CacheConfigException.For(names.StaleIfError, StaleIfError, $"expected zero or {CacheDuration.GrammarDescription}");
        }

        if (ProviderSoftTimeout < TimeSpan.Zero)
        {
            throw CacheConfigException.For(names.ProviderSoftTimeout, ProviderSoftTimeout, $"expected zero or {CacheDuration.GrammarDescription}");
        }

        if (ProviderHardTimeout < TimeSpan.Zero)
        {
            throw CacheConfigException.For(names.ProviderHardTimeout, ProviderHardTimeout, $"expected zero or {CacheDuration.GrammarDescription}");
        }

        if (EagerRefresh is < 0 or >= 1 || double.IsNaN(EagerRefresh))
        {
            throw CacheConfigException.For(names.EagerRefresh, EagerRefresh, "expected 0 (off) or a fraction of the TTL below 1, such as 0.9");
        }

        if (SemanticThreshold is { } threshold && (threshold is <= 0 or > 1 || double.IsNaN(threshold)))
        {
            throw CacheConfigException.For(names.SemanticThreshold, threshold, ConfigValueParser.SemanticThresholdGrammar);
        }

        if (SemanticMemoryShare is <= 0 or >= 1 || double.IsNaN(SemanticMemoryShare))
        {
            throw CacheConfigException.For(names.SemanticMemoryShare, SemanticMemoryShare, ConfigValueParser.MemoryShareGrammar);
        }

        if (SemanticEmbeddingTimeout <= TimeSpan.Zero)
        {
            throw CacheConfigException.For(nameof(SemanticEmbeddingTimeout), SemanticEmbeddingTimeout, $"expected {CacheDuration.GrammarDescription}");
        }

        if (RedisConnectTimeout < TimeSpan.Zero)
        {
            throw CacheConfigException.For(names.RedisConnectTimeout, RedisConnectTimeout, $"expected zero or {CacheDuration.GrammarDescription}");
        }

        if (MaxMemory < 1024)
        {
            throw CacheConfigException.For(names.MaxMemory, MaxMemory, "expected at least 1KB: " + ConfigValueParser.ByteSizeGrammar);
        }

        if (MaxEntrySize <= 0)
        {
            throw CacheConfigException.For(names.MaxEntrySize, MaxEntrySize, "expected " + ConfigValueParser.ByteSizeGrammar);
        }

        if (MaxStreamElements <= 0)
        {
            throw CacheConfigException.For(names.MaxStreamElements, MaxStreamElements, $"expected a whole number of elements from 1 to {int.MaxValue}");
        }

        if (MaxSize <= 0)
        {
            throw CacheConfigException.For(names.MaxSize, MaxSize, $"expected a whole number of entries from 1 to {int.MaxValue}");
        }

        if (string.IsNullOrEmpty(Namespace) || Namespace.Length > 64 || Namespace.AsSpan().ContainsAnyExcept(NamespaceCharacters))
        {
            throw CacheConfigException.For(names.Namespace, Namespace, "expected 1 to 64 characters from letters, digits, '_', '.' and '-'");
        }

        if (AdminKey is not null && string.IsNullOrWhiteSpace(AdminKey))
        {
            throw new CacheConfigException($"Cache configuration field '{names.AdminKey}' is blank; leave it out to disable full clears, or set a secret.")
            {
                Field = names.AdminKey,
            };
        }

        if (Backend == CacheBackend.Redis && string.IsNullOrWhiteSpace(RedisUrl))
        {
            throw new CacheConfigException(
                $"Cache configuration field '{names.RedisUrl}' is missing; {names.Backend} \"redis\" needs a StackExchange.Redis connection string such as \"localhost:6379\".")
            {
                Field = names.RedisUrl,
            };
        }
    }
}
