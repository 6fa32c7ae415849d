using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;

namespace Caching.Gateway.Tests.Validation;

/// <summary>
/// Every request of <see cref="BadRequestCorpus"/> is refused before any provider call or store, with an OpenAI-format
/// error naming its parameter, and never a 5xx; no message shows a .NET type name.
/// </summary>
public sealed partial class BadRequestTests : IAsyncLifetime
{
    private FakeUpstream _upstream = null!;
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync()
    {
        _upstream = await FakeUpstream.StartAsync();
        _gateway = await GatewayHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Cache:Namespace"] = "gw-bad-requests" });
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    public static TheoryData<string> Names => [.. BadRequestCorpus.All.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_request_openai_refuses_is_refused_naming_its_parameter_before_any_call_or_store(string name)
    {
        BadRequestCorpus.Case item = BadRequestCorpus.All.Single(c => c.Name == name);

        using HttpResponseMessage response = await SendAsync(item);

        Assert.Equal(item.Status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        JsonElement error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(item.Param, error.GetProperty("param").ValueKind == JsonValueKind.Null ? null : error.GetProperty("param").GetString());
        string message = error.GetProperty("message").GetString()!;
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotMatch(DotNetTypeName(), message);
        Assert.Equal(0, _upstream.Calls("chat") + _upstream.Calls("embeddings") + _upstream.Calls("images"));
        Assert.Equal(0, (await _gateway.StatsAsync()).GetProperty("sets").GetInt64());
    }

    [Fact]
    public async Task The_whole_corpus_gets_no_5xx_and_only_openai_errors()
    {
        var statuses = new Dictionary<int, int>();
        foreach (BadRequestCorpus.Case item in BadRequestCorpus.All)
        {
            using HttpResponseMessage response = await SendAsync(item);
            int status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            Assert.True(status is >= 400 and < 500, $"{item.Name}: {status}");
            Assert.True((await response.JsonAsync()).TryGetProperty("error", out _), item.Name);
        }

        Assert.True(BadRequestCorpus.All.Count >= 209, $"the corpus holds {BadRequestCorpus.All.Count} requests");
        Assert.Equal(0, _upstream.Calls("chat") + _upstream.Calls("embeddings") + _upstream.Calls("images"));
        Assert.Contains(415, statuses.Keys);
    }

    [Fact]
    public void Every_request_in_the_corpus_has_its_own_name()
    {
        Assert.Equal(BadRequestCorpus.All.Count, BadRequestCorpus.All.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    private Task<HttpResponseMessage> SendAsync(BadRequestCorpus.Case item)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(item.Body));
        if (item.ContentType is not null)
        {
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(item.ContentType);
        }

        return _gateway.Client.PostAsync(item.Route, content);
    }

    [GeneratedRegex(@"System\.|Gateway\.|Caching\.|`\d|Nullable|\+[A-Z]")]
    private static partial Regex DotNetTypeName();
}
