using System;
using System.Collections.Generic;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Caching.Generators.Tests.Behaviour.Wire;

/// <summary>Parts of a message, polymorphic on the wire as OpenAI's content parts are.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextPart), "text")]
[JsonDerivedType(typeof(RefusalPart), "refusal")]
[JsonDerivedType(typeof(BreakPart), "break")]
[JsonDerivedType(typeof(PausePart), "pause")]
public abstract record ContentPart;

/// <summary>Two parts with no members: only their discriminators tell them apart.</summary>
public sealed record BreakPart : ContentPart;

public sealed record PausePart : ContentPart;

public sealed record TextPart(string Text) : ContentPart;

/// <summary>The same members as <see cref="TextPart"/>: only the discriminator tells them apart.</summary>
public sealed record RefusalPart(string Text) : ContentPart;

/// <summary>A part the base does not declare: a value of it cannot be keyed, so the call is not cached.</summary>
public sealed record UndeclaredPart(string Text) : ContentPart;

/// <summary>The model lives on a base record, as in SDKs whose request types share a base.</summary>
public abstract record RequestBase
{
    public required string Model { get; init; }
}

public sealed record WireRequest : RequestBase
{
    [JsonInclude]
    private int _seed;

    public IReadOnlyList<ContentPart> Parts { get; init; } = [];

    [JsonExtensionData]
    public Dictionary<string, object?>? Extra { get; init; }

    public JsonNode? Schema { get; init; }

    public JsonElement Format { get; init; }

    public BinaryData? Blob { get; init; }

    public ReadOnlyMemory<int> Ids { get; init; }

    public ArraySegment<byte> Window { get; init; }

    public BigInteger Big { get; init; }

    public Half Scale { get; init; }

    public DateOnly? Day { get; init; }

    public Uri? Link { get; init; }

    [JsonIgnore]
    public object? Raw { get; init; }

    [JsonInclude]
    internal string? Hidden { get; init; }

    public WireRequest WithSeed(int seed)
    {
        WireRequest copy = this with { };
        copy._seed = seed;
        return copy;
    }
}

public interface IWireProvider
{
    [CachedCompletion]
    Task<string> CompleteAsync(WireRequest request, CancellationToken cancellationToken = default);

    [CachedCompletion]
    Task<string> AskAsync(string model, int n);

    [CachedCompletion]
    Task<string> AskAsync(string model, long n);

    [CachedCompletion]
    Task<string> ProbeAsync(string model, CancellationToken cancellationToken);

    [CachedCompletion]
    Task<string> ProbeAsync(string model);
}

/// <summary>Two interfaces whose decorators would both be CachedChat.</summary>
public interface IChat
{
    [CachedCompletion]
    Task<string> AskAsync(string model, string prompt);
}

#pragma warning disable CA1715 // the clash of IChat and Chat is what this pins
public interface Chat
{
    [CachedCompletion]
    Task<string> AskAsync(string model, string prompt);
}
#pragma warning restore CA1715

public sealed class CountingWireProvider : IWireProvider
{
    public int Calls { get; private set; }

    public Task<string> CompleteAsync(WireRequest request, CancellationToken cancellationToken = default) => Answer(request.Model);

    public Task<string> AskAsync(string model, int n) => Answer(model);

    public Task<string> AskAsync(string model, long n) => Answer(model);

    public Task<string> ProbeAsync(string model, CancellationToken cancellationToken) => Answer(model);

    public Task<string> ProbeAsync(string model) => Answer(model);

    private Task<string> Answer(string model) => Task.FromResult($"{model} answer {++Calls}");
}
