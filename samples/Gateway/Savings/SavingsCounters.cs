using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;

namespace Gateway.Savings;

/// <summary>
/// What cached answers saved: the tokens (and images) the provider would have been paid for again, and their price, by
/// model and tenant. Exported as <c>cache_tokens_saved_total{model,tenant,direction}</c>,
/// <c>cache_images_saved_total{model,tenant}</c> and <c>cache_cost_saved_total{model,tenant,currency}</c>; kept in process
/// for the stats route and the dashboard.
/// </summary>
internal sealed class SavingsCounters : IDisposable
{
    public const string MeterName = "Gateway.Savings";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _tokens;
    private readonly Counter<long> _images;
    private readonly Counter<double> _cost;
    private readonly ConcurrentDictionary<(string Model, string Tenant), Totals> _totals = new();

    public SavingsCounters(PriceTable prices)
    {
        Prices = prices;
        _tokens = _meter.CreateCounter<long>("cache_tokens_saved", description: "Tokens a cached answer saved paying for again, by direction (input, output).");
        _images = _meter.CreateCounter<long>("cache_images_saved", description: "Images a cached answer saved generating again.");
        _cost = _meter.CreateCounter<double>("cache_cost_saved", description: "The provider's price of what cached answers saved, at the configured prices.");
    }

    public PriceTable Prices { get; }

    /// <summary>Counts one cached answer's tokens (and images) for the model and tenant.</summary>
    public void Record(string? model, string tenant, long inputTokens, long outputTokens, long images = 0)
    {
        if (inputTokens <= 0 && outputTokens <= 0 && images <= 0)
        {
            return;
        }

        (string label, ModelPrice? price) = Prices.Lookup(model);
        decimal cost = price is null ? 0m
            : (inputTokens * price.InputPerMillion / 1_000_000m) + (outputTokens * price.OutputPerMillion / 1_000_000m) + (images * price.PerImage);
        KeyValuePair<string, object?> modelTag = new("model", label);
        KeyValuePair<string, object?> tenantTag = new("tenant", tenant);
        if (inputTokens > 0)
        {
            _tokens.Add(inputTokens, modelTag, tenantTag, new("direction", "input"));
        }

        if (outputTokens > 0)
        {
            _tokens.Add(outputTokens, modelTag, tenantTag, new("direction", "output"));
        }

        if (images > 0)
        {
            _images.Add(images, modelTag, tenantTag);
        }

        if (cost > 0)
        {
            _cost.Add((double)cost, modelTag, tenantTag, new("currency", Prices.Currency));
        }

        _totals.GetOrAdd((label, tenant), static _ => new Totals()).Add(inputTokens, outputTokens, images, cost);
    }

    /// <summary>The totals so far, by model, for one tenant or (null) for all.</summary>
    public IReadOnlyList<SavedByModel> Snapshot(string? tenant = null) =>
        _totals
            .Where(pair => tenant is null || pair.Key.Tenant == tenant)
            .GroupBy(pair => pair.Key.Model, StringComparer.Ordinal)
            .Select(group => group.Select(pair => pair.Value.Read(group.Key)).Aggregate(SavedByModel.Sum))
            .OrderByDescending(saved => saved.Cost)
            .ThenBy(saved => saved.Model, StringComparer.Ordinal)
            .ToList();

    public void Dispose() => _meter.Dispose();

    /// <summary>
    /// One model and tenant's totals, added without a lock (a hit must not wait for another): the cost is kept in
    /// billionths of the currency, rounded once per answer.
    /// </summary>
    private sealed class Totals
    {
        private const decimal CostUnitsPerCurrencyUnit = 1_000_000_000m;
        private long _answers;
        private long _inputTokens;
        private long _outputTokens;
        private long _images;
        private long _costUnits;

        public void Add(long input, long output, long images, decimal cost)
        {
            Interlocked.Increment(ref _answers);
            Interlocked.Add(ref _inputTokens, input);
            Interlocked.Add(ref _outputTokens, output);
            Interlocked.Add(ref _images, images);
            Interlocked.Add(ref _costUnits, (long)decimal.Round(cost * CostUnitsPerCurrencyUnit));
        }

        public SavedByModel Read(string model) => new(
            model,
            Interlocked.Read(ref _answers),
            Interlocked.Read(ref _inputTokens),
            Interlocked.Read(ref _outputTokens),
            Interlocked.Read(ref _images),
            Interlocked.Read(ref _costUnits) / CostUnitsPerCurrencyUnit);
    }
}

/// <summary>What cached answers of one model saved.</summary>
internal sealed record SavedByModel(
    string Model,
    long Answers,
    long InputTokens,
    long OutputTokens,
    long Images,
    decimal Cost)
{
    public static SavedByModel Sum(SavedByModel a, SavedByModel b) =>
        new(a.Model, a.Answers + b.Answers, a.InputTokens + b.InputTokens, a.OutputTokens + b.OutputTokens, a.Images + b.Images, a.Cost + b.Cost);
}

/// <summary>What cached answers saved, as <c>/admin/cache/stats</c> reports it.</summary>
internal sealed record SavingsReport(string Currency, IReadOnlyList<SavedByModel> ByModel);
