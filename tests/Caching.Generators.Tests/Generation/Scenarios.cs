namespace Caching.Generators.Tests.Generation;

/// <summary>Consumer sources the generation tests compile.</summary>
internal static class Scenarios
{
    public const string ChatProvider = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace Gateway;

        public sealed record ChatMessage(string Role, string Content);
        public sealed record ChatResponse(string Id, string Content);
        public sealed record ImageResult(string Url);
        public sealed record ChatRequest(string Model, IReadOnlyList<ChatMessage> Messages,
            double? Temperature = null, int? MaxTokens = null, [property: NotCacheKey] string? User = null);

        public interface IChatProvider
        {
            [CachedCompletion(Ttl = "10m")]
            Task<ChatResponse> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default);

            [CachedEmbedding(Ttl = "1d", StaleIfError = "7d", SoftTimeout = "250ms", HardTimeout = "30s")]
            ValueTask<float[]> EmbedAsync(string model, string input, CancellationToken cancellationToken = default);

            [CachedImage]
            Task<ImageResult> GenerateImageAsync(string model, string prompt, int width, int height,
                [CacheScope] string tenant, CancellationToken cancellationToken = default);

            Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default); // not annotated
        }
        """;

    public const string EveryValueShape = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace Gateway.Shapes;

        public enum Quality { Standard, Hd }
        public readonly record struct Size(int Width, int Height);

        public sealed class EmbeddingRequest
        {
            [CacheModel] public string Engine { get; init; } = "";
            public string[] Inputs { get; init; } = [];
            public ImmutableArray<int> Dimensions { get; init; }
            public Size? Size { get; init; }
            public Quality Quality { get; init; }
            public IReadOnlyDictionary<int, double>? Bias { get; init; }
            public JsonElement ResponseFormat { get; init; }
            public byte[]? Image { get; init; }
            public ReadOnlyMemory<byte> Mask { get; init; }
            public DateTimeOffset? NotAfter { get; init; }
            public decimal Budget { get; init; }
            public Guid Trace;
            [NotCacheKey] public string RequestId { get; init; } = "";
        }

        internal interface IEmbeddingProvider
        {
            [CachedEmbedding(Ttl = "1d")]
            ValueTask<IReadOnlyList<float>> EmbedAsync(EmbeddingRequest request, bool normalize = true, params string[] tags);
        }
        """;

    public const string InheritedAndForwarded = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace Gateway.Inherited;

        public interface IHealth : IDisposable
        {
            string Name { get; }
            int Timeout { get; set; }
            Task<bool> PingAsync(CancellationToken cancellationToken = default);
            T Echo<T>(T value);
        }

        public interface IModerator : IHealth
        {
            [CachedCompletion(Ttl = "1h30m")]
            Task<string> ModerateAsync([CacheModel] string engine, string text, [NotCacheKey] string requestId, CancellationToken cancellationToken);

            void Reset(ref int counter, out string note);
        }
        """;

    public const string GlobalNamespace = """
        using System.Threading.Tasks;
        using Caching;

        public interface ISummarizer
        {
            [CachedCompletion]
            Task<string> SummarizeAsync(string model, string text);
        }
        """;

    public const string WireContract = """
        using System;
        using System.Collections.Generic;
        using System.Text.Json;
        using System.Text.Json.Nodes;
        using System.Text.Json.Serialization;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace Gateway.Wire;

        [JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
        [JsonDerivedType(typeof(TextPart), "text")]
        [JsonDerivedType(typeof(ImagePart), "image_url")]
        public abstract record ContentPart;
        public sealed record TextPart(string Text) : ContentPart;
        public sealed record ImagePart(Uri Url, string? Detail) : ContentPart;

        public abstract record RequestBase
        {
            [CacheModel] public required string Engine { get; init; }
        }

        public sealed record ChatRequest : RequestBase
        {
            public IReadOnlyList<ContentPart> Parts { get; init; } = [];
            [JsonExtensionData] public Dictionary<string, object?>? Extra { get; init; }
            public JsonNode? Schema { get; init; }
            public ReadOnlyMemory<float> Bias { get; init; }
            public object? Metadata { get; init; }
            [JsonIgnore] public object? Raw { get; init; }
            [JsonInclude] internal string? Tenant { get; init; }
        }

        public interface IWireProvider
        {
            [CachedCompletion]
            Task<string> CompleteAsync(ChatRequest request, CancellationToken cancellationToken = default);

            [CachedCompletion]
            Task<string> AskAsync(string model, int n);

            [CachedCompletion]
            Task<string> AskAsync(string model, long n);
        }
        """;

    public const string Streaming = """
        using System.Collections.Generic;
        using System.Threading;
        using Caching;

        namespace Gateway.Streaming;

        public sealed record ChatChunk(string Id, string Delta);
        public sealed record ChatRequest(string Model, string Prompt);

        public interface IStreamingChat
        {
            [CachedCompletion(Ttl = "5m")]
            IAsyncEnumerable<ChatChunk> StreamAsync(ChatRequest request, CancellationToken cancellationToken = default);
        }
        """;

    public const string Semantic = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Caching;

        namespace Gateway.Semantic;

        public sealed record Turn(string Role, string Content);
        public sealed record QuestionRequest(string Model, IReadOnlyList<Turn> EarlierTurns, [property: SemanticText] string Question, double? Temperature);

        public interface IAskingProvider
        {
            [CachedCompletion(Semantic = true, Ttl = "1h")]
            Task<string> AskAsync(string model, [SemanticText] string question, [CacheScope] string? tenant = null, CancellationToken cancellationToken = default);

            [CachedCompletion(Semantic = true)]
            IAsyncEnumerable<string> AnswerAsync(QuestionRequest request, CancellationToken cancellationToken = default);
        }
        """;

    /// <summary>Every scenario with a snapshot, by name, for the tests that run each one.</summary>
    public static TheoryData<string> Named => new() { nameof(ChatProvider), nameof(EveryValueShape), nameof(InheritedAndForwarded), nameof(GlobalNamespace), nameof(WireContract), nameof(Streaming), nameof(Semantic) };

    public static string ByName(string name) => name switch
    {
        nameof(ChatProvider) => ChatProvider,
        nameof(EveryValueShape) => EveryValueShape,
        nameof(InheritedAndForwarded) => InheritedAndForwarded,
        nameof(GlobalNamespace) => GlobalNamespace,
        nameof(WireContract) => WireContract,
        nameof(Streaming) => Streaming,
        nameof(Semantic) => Semantic,
        _ => throw new System.ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
