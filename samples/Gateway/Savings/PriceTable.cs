using System;
using System.Collections.Frozen;
using System.Collections.Generic;
using System.Globalization;
using Caching;
using Microsoft.Extensions.Configuration;

namespace Gateway.Savings;

/// <summary>What one model costs at the provider: per million input and output tokens, and per image.</summary>
internal sealed record ModelPrice(decimal InputPerMillion, decimal OutputPerMillion, decimal PerImage);

/// <summary>
/// <c>Gateway:Prices:{model}</c> (<c>Input</c>, <c>Output</c> per million tokens, <c>Image</c> per image) in
/// <c>Gateway:Currency</c> (default USD). The models it names are the ones counted by name; any other is counted as
/// <c>other</c>, so that clients cannot grow the metrics by inventing model names.
/// </summary>
internal sealed class PriceTable
{
    /// <summary>The label of a model the price table does not name.</summary>
    public const string OtherModel = "other";

    private readonly FrozenDictionary<string, ModelPrice> _prices;

    private PriceTable(FrozenDictionary<string, ModelPrice> prices, string currency)
    {
        _prices = prices;
        Currency = currency;
    }

    public string Currency { get; }

    public IEnumerable<string> Models => _prices.Keys;

    /// <summary>The model's label and price: its own when priced, else <see cref="OtherModel"/> at no price.</summary>
    public (string Label, ModelPrice? Price) Lookup(string? model) =>
        model is not null && _prices.TryGetValue(model, out ModelPrice? price) ? (model, price) : (OtherModel, null);

    /// <exception cref="CacheConfigException">A price is not a non-negative number, or the currency is not three letters.</exception>
    public static PriceTable From(IConfiguration configuration)
    {
        string currency = (configuration["Gateway:Currency"] ?? "USD").Trim().ToUpperInvariant();
        if (currency.Length != 3 || !char.IsAsciiLetter(currency[0]) || !char.IsAsciiLetter(currency[1]) || !char.IsAsciiLetter(currency[2]))
        {
            throw new CacheConfigException($"Gateway configuration field 'Gateway:Currency' has \"{currency}\"; expected a three-letter currency code such as USD.");
        }

        var prices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (IConfigurationSection model in configuration.GetSection("Gateway:Prices").GetChildren())
        {
            prices[model.Key] = new ModelPrice(Price(model, "Input"), Price(model, "Output"), Price(model, "Image"));
        }

        return new PriceTable(prices.ToFrozenDictionary(StringComparer.Ordinal), currency);
    }

    private static decimal Price(IConfigurationSection model, string field) => model[field] switch
    {
        null => 0m,
        { } text when decimal.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value) => value,
        { } text => throw new CacheConfigException(
            $"Gateway configuration field 'Gateway:Prices:{model.Key}:{field}' has \"{text}\"; expected a non-negative number (a price per {(field == "Image" ? "image" : "million tokens")})."),
    };
}
