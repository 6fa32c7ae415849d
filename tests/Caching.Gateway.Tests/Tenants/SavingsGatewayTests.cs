using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Caching.Gateway.Tests.Tenants;

/// <summary>
/// Cost saved: every hit adds its answer's usage (or its images) at the configured prices, by model and tenant, to
/// /metrics and to /admin/cache/stats; misses add nothing; a model without a price is counted as "other".
/// </summary>
public sealed class SavingsGatewayTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(_upstream, new Dictionary<string, string?>
        {
            ["Gateway:Currency"] = "EUR",
            ["Gateway:Prices:gpt-4o:Input"] = "2.5",
            ["Gateway:Prices:gpt-4o:Output"] = "10",
            ["Gateway:Prices:dall-e-3:Image"] = "0.04",
        });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private static object Chat(string model = "gpt-4o", bool stream = false) => stream
        ? new { model, temperature = 0, stream, stream_options = new { include_usage = true }, messages = new[] { new { role = "user", content = "Hello" } } }
        : new { model, temperature = 0, stream, stream_options = (object?)null, messages = new[] { new { role = "user", content = "Hello" } } };

    private async Task<JsonElement> SavedAsync(string model)
    {
        JsonElement savings = (await _gateway.StatsAsync()).GetProperty("savings");
        Assert.Equal("EUR", savings.GetProperty("currency").GetString());
        return savings.GetProperty("byModel").EnumerateArray().Single(saved => saved.GetProperty("model").GetString() == model);
    }

    [Fact]
    public async Task A_hit_saves_its_answers_usage_at_the_models_price_and_a_miss_saves_nothing()
    {
        (await _gateway.PostRawAsync("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")).Dispose();
        Assert.Equal(0, (await _gateway.StatsAsync()).GetProperty("savings").GetProperty("byModel").GetArrayLength());

        (await _gateway.PostRawAsync("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")).Dispose();
        (await _gateway.PostRawAsync("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")).Dispose();

        // The fake upstream reports 10 prompt and 5 completion tokens: two hits at 2.5 and 10 per million.
        JsonElement saved = await SavedAsync("gpt-4o");
        Assert.Equal(2, saved.GetProperty("answers").GetInt64());
        Assert.Equal(20, saved.GetProperty("inputTokens").GetInt64());
        Assert.Equal(10, saved.GetProperty("outputTokens").GetInt64());
        Assert.Equal(0.00015m, saved.GetProperty("cost").GetDecimal());

        string metrics = await _gateway.Client.GetStringAsync("/metrics");
        Assert.Matches(new Regex("cache_tokens_saved_total\\{(?=[^}]*direction=\"input\")(?=[^}]*model=\"gpt-4o\")(?=[^}]*tenant=\"anonymous\")[^}]*\\} 20"), metrics);
        Assert.Matches(new Regex("cache_tokens_saved_total\\{(?=[^}]*direction=\"output\")(?=[^}]*model=\"gpt-4o\")[^}]*\\} 10"), metrics);
        Assert.Matches(new Regex("cache_cost_saved_total\\{(?=[^}]*currency=\"EUR\")(?=[^}]*model=\"gpt-4o\")(?=[^}]*tenant=\"anonymous\")[^}]*\\} 0\\.00015"), metrics);
    }

    [Fact]
    public async Task A_streamed_hit_saves_the_usage_its_replay_carries()
    {
        (await _gateway.PostAsync("/v1/chat/completions", Chat(stream: true))).Dispose();
        using HttpResponseMessage hit = await _gateway.PostAsync("/v1/chat/completions", Chat(stream: true));
        await hit.Content.ReadAsStringAsync();

        Assert.Equal("HIT", hit.CacheHeader());
        JsonElement saved = await SavedAsync("gpt-4o");
        Assert.Equal(10, saved.GetProperty("inputTokens").GetInt64());
        Assert.Equal(5, saved.GetProperty("outputTokens").GetInt64());
    }

    [Fact]
    public async Task An_image_hit_saves_the_price_per_image_and_an_unpriced_model_counts_as_other()
    {
        for (int i = 0; i < 2; i++)
        {
            (await _gateway.PostAsync("/v1/images/generations", new { model = "dall-e-3", prompt = "a red fox" })).Dispose();
            (await _gateway.PostRawAsync("/v1/chat/completions", "{\"model\":\"my-own-model\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}")).Dispose();
        }

        JsonElement images = await SavedAsync("dall-e-3");
        Assert.Equal(1, images.GetProperty("images").GetInt64());
        Assert.Equal(0.04m, images.GetProperty("cost").GetDecimal());
        JsonElement other = await SavedAsync("other");
        Assert.Equal(10, other.GetProperty("inputTokens").GetInt64());
        Assert.Equal(0m, other.GetProperty("cost").GetDecimal());
        Assert.DoesNotContain("my-own-model", await _gateway.Client.GetStringAsync("/metrics"), System.StringComparison.Ordinal);
    }
}
