using Caching;
using Gateway.Contracts;

namespace Gateway.Savings;

/// <summary>What a cached answer would have cost again: its usage as the provider reported it, or its images.</summary>
internal static class SavedAnswers
{
    /// <summary>Whether the outcome spared a provider call: an exact or a semantic hit (a stale answer stood in for a failed one).</summary>
    public static bool Saves(CacheOutcome outcome) => outcome is CacheOutcome.Hit or CacheOutcome.SemanticHit;

    public static void Count(SavingsCounters savings, string tenant, string? model, object? answer)
    {
        switch (answer)
        {
            case ChatCompletionResponse { Usage: { } usage }:
                savings.Record(model, tenant, usage.PromptTokens, usage.CompletionTokens);
                break;
            case EmbeddingResponse { Usage: { } usage }:
                savings.Record(model, tenant, usage.PromptTokens, 0);
                break;
            case ImageResponse images:
                savings.Record(model, tenant, 0, 0, images.Data.Length);
                break;
        }
    }
}
