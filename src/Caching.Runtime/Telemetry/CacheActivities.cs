using System;
using System.Diagnostics;

namespace Caching;

/// <summary>
/// The cache's spans. Each carries what an operator needs to read a trace — <c>cache.hit</c>, <c>cache.level</c>
/// (memory, or the second level's name), <c>cache.kind</c> (chat, embedding, image), <c>gen_ai.request.model</c> and
/// <c>cache.tenant</c> — and never the prompt or the key's digest. Without a listener nothing is created: the hit path
/// pays one check.
/// </summary>
internal static class CacheActivities
{
    private static readonly ActivitySource Source = new(CacheTelemetry.ActivitySourceName, typeof(CacheActivities).Assembly.GetName().Version?.ToString());

    public static bool IsOn => Source.HasListeners();

    /// <summary>A memory hit, as a span that starts and ends at once (only asked for when <see cref="IsOn"/>).</summary>
    public static void MemoryHit(string key)
    {
        using Activity? activity = Start("cache.get", key, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("cache.hit", true);
            activity.SetTag("cache.level", "memory");
        }
    }

    /// <summary>An answer cached for another wording of the call's text (only asked for when <see cref="IsOn"/>).</summary>
    public static void SemanticHit(string key, double similarity)
    {
        using Activity? activity = Start("cache.get", key, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("cache.hit", true);
            activity.SetTag("cache.outcome", "semantic_hit");
            activity.SetTag("cache.semantic.similarity", similarity);
        }
    }

    public static Activity? StartGet(string key) => IsOn ? Start("cache.get", key, ActivityKind.Internal) : null;

    /// <summary>The provider call a miss makes: a client span, as the HTTP call under it.</summary>
    public static Activity? StartProviderCall(string key) => IsOn ? Start("cache.provider_call", key, ActivityKind.Client) : null;

    public static Activity? StartSet(string key, string level) => IsOn ? Start("cache.set", key, ActivityKind.Internal)?.SetTag("cache.level", level) : null;

    public static Activity? StartInvalidate() => IsOn ? Source.StartActivity("cache.invalidate", ActivityKind.Internal) : null;

    /// <summary>What the get came to: a hit from a level, a stale answer, or a miss answered by the provider.</summary>
    public static void Complete(Activity? activity, bool hit, string? level, string outcome)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("cache.hit", hit);
        activity.SetTag("cache.outcome", outcome);
        if (level is not null)
        {
            activity.SetTag("cache.level", level);
        }
    }

    /// <summary>Marks the span failed; returns false so that it can sit in an exception filter and rethrow nothing itself.</summary>
    public static bool Fail(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag("error.type", exception.GetType().FullName);
        return false;
    }

    private static Activity? Start(string name, string key, ActivityKind kind)
    {
        Activity? activity = Source.StartActivity(name, kind);
        if (activity is { IsAllDataRequested: true })
        {
            KeyParts parts = KeyParts.Of(key);
            if (parts.Kind is not null)
            {
                activity.SetTag("cache.kind", parts.Kind);
            }

            if (parts.Model is not null)
            {
                activity.SetTag("gen_ai.request.model", parts.Model);
            }

            if (CacheCallContext.Current?.Tenant is { } tenant)
            {
                activity.SetTag("cache.tenant", tenant);
            }
        }

        return activity;
    }

    /// <summary>
    /// The kind and model of a key in the generated layout (<c>[scope:{scope}:]{kind}:{model}:{digest}</c>); nulls for a
    /// key of another shape. The scope and the digest are never read out.
    /// </summary>
    private readonly record struct KeyParts(string? Kind, string? Model)
    {
        public static KeyParts Of(string key)
        {
            ReadOnlySpan<char> rest = key;
            if (rest.StartsWith("scope:", StringComparison.Ordinal))
            {
                rest = rest["scope:".Length..];
                int scopeEnd = rest.IndexOf(':');
                if (scopeEnd < 0)
                {
                    return default;
                }

                rest = rest[(scopeEnd + 1)..];
            }

            int kindEnd = rest.IndexOf(':');
            if (kindEnd <= 0)
            {
                return default;
            }

            ReadOnlySpan<char> kind = rest[..kindEnd];
            string? knownKind = kind switch
            {
                "chat" => "chat",
                "embedding" => "embedding",
                "image" => "image",
                _ => null,
            };
            if (knownKind is null)
            {
                return default;
            }

            rest = rest[(kindEnd + 1)..];
            int modelEnd = rest.IndexOf(':');
            return modelEnd <= 0 ? new KeyParts(knownKind, null) : new KeyParts(knownKind, Uri.UnescapeDataString(rest[..modelEnd].ToString()));
        }
    }
}
