using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RoleBot.Server.Channels.Teams;
using RoleBot.Server.Tests.Auth;

namespace RoleBot.Server.Tests.Teams;

/// <summary>
/// The server configured as it runs behind Azure Bot Service: app id and secret set, inbound tokens
/// checked against a local OpenID/JWKS server, replies posted to a local fake connector with a token
/// from a local token endpoint. Everything over real HTTP on 127.0.0.1.
/// </summary>
public sealed class AuthenticatedModeTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string Tenant = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

    private TestIdentityProvider _idp = null!;
    private FakeConnector _connector = null!;
    private BotServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _idp = await TestIdentityProvider.StartAsync();
        _connector = await FakeConnector.StartAsync();
        _server = new BotServer("Production", new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "test-secret-not-real",
            ["MicrosoftAppType"] = "SingleTenant",
            ["MicrosoftAppTenantId"] = Tenant,
            ["Bot:ChannelOpenIdMetadataUrl"] = _idp.ChannelMetadataUrl,
            ["Bot:EntraOpenIdMetadataUrl"] = _idp.EntraMetadataUrlTemplate,
            ["Bot:TokenEndpoint"] = _connector.TokenEndpoint,
            ["Bot:AllowedServiceUrlHosts:0"] = "127.0.0.1",
        });
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _connector.DisposeAsync();
        await _idp.DisposeAsync();
    }

    private async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = Activities.Json(activity) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task A_Teams_message_is_acknowledged_and_answered_through_the_connector_with_a_token()
    {
        var activity = Activities.Message("what does an SRE do?", serviceUrl: _connector.ServiceUrl);
        var response = await PostAsync(activity, _idp.MintChannelToken(AppId, _connector.ServiceUrl));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var call = Assert.Single(await _connector.WaitForCallsAsync(1));
        Assert.Equal("POST", call.Method);
        // Teams ids carry ':', '@', ';' and '=': every one escaped in the path.
        Assert.Equal("/teams/v3/conversations/19%3Aabc123%40thread.tacv2%3Bmessageid%3D1700000000000/activities/1700000000001", call.RawPath);
        Assert.Equal("Bearer token-1", call.Authorization);
        Assert.Equal("1700000000001", (string?)call.Body!["replyToId"]);
        Assert.Equal(Activities.BotId, (string?)call.Body["from"]!["id"]);
        Assert.Equal("29:user-1", (string?)call.Body["recipient"]!["id"]);
        Assert.Contains("Site Reliability Engineer", Activities.CardText(Activities.Card(call.Body)));
        // The token came from the bot's own tenant, for the Bot Framework scope.
        Assert.Equal($"{Tenant}|{AppId}|https://api.botframework.com/.default|client_credentials", Assert.Single(_connector.TokenRequests));
    }

    [Fact]
    public async Task An_Entra_token_is_accepted_even_on_the_msteams_channel()
    {
        var activity = Activities.Message("who writes the runbooks?", serviceUrl: _connector.ServiceUrl);
        var response = await PostAsync(activity, _idp.MintEntraToken(AppId, Tenant, version: 2));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var call = Assert.Single(await _connector.WaitForCallsAsync(1));
        Assert.Contains("runbook", Activities.CardText(Activities.Card(call.Body)), StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string> ForgedTokens() => ["expired", "unknown key", "wrong audience", "serviceurl mismatch", "none", "garbage"];

    [Theory]
    [MemberData(nameof(ForgedTokens))]
    public async Task Forged_or_expired_tokens_get_401_and_never_reach_the_engine(string kind)
    {
        var activity = Activities.Message("what does an SRE do?", serviceUrl: _connector.ServiceUrl, expectReplies: true);
        var token = kind switch
        {
            "expired" => _idp.MintChannelToken(AppId, _connector.ServiceUrl, s => s with { NotBefore = DateTimeOffset.UtcNow.AddHours(-2), Expires = DateTimeOffset.UtcNow.AddMinutes(-10), IssuedAt = DateTimeOffset.UtcNow.AddHours(-2) }),
            "unknown key" => _idp.MintChannelToken(AppId, _connector.ServiceUrl, s => s with { Key = _idp.UnknownKey }),
            "wrong audience" => _idp.MintChannelToken("someone-else", _connector.ServiceUrl),
            "serviceurl mismatch" => _idp.MintChannelToken(AppId, "https://attacker.example.com/"),
            "garbage" => "not.a.jwt",
            _ => null,
        };
        var response = await PostAsync(activity, token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("activities", await response.Content.ReadAsStringAsync());
        await Task.Delay(300);
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task A_token_with_a_critical_header_we_do_not_understand_gets_401()
    {
        var activity = Activities.Message("what does an SRE do?", serviceUrl: _connector.ServiceUrl, expectReplies: true);
        var critical = _idp.MintChannelToken(AppId, _connector.ServiceUrl, s => s.WithClaim("exp-custom", 1).WithHeader("crit", new[] { "exp-custom" }));
        var plain = _idp.MintChannelToken(AppId, _connector.ServiceUrl, s => s.WithClaim("exp-custom", 1));
        var header = System.Text.Json.Nodes.JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(critical.Split('.')[0]))!;
        Assert.Equal("exp-custom", (string?)header["crit"]![0]); // the token really carries it

        var refused = await PostAsync(activity, critical);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain("activities", await refused.Content.ReadAsStringAsync());

        var accepted = await PostAsync(activity, plain);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("Site Reliability Engineer", Activities.CardText(Activities.Card((await accepted.ReadObjectAsync())["activities"]![0])));
    }

    [Fact]
    public async Task A_key_not_endorsed_for_the_channel_gets_403()
    {
        var activity = Activities.Message("hello", serviceUrl: _connector.ServiceUrl, channelId: "slack", expectReplies: true);
        var response = await PostAsync(activity, _idp.MintChannelToken(AppId, _connector.ServiceUrl));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_401_from_the_connector_refreshes_the_token_once_and_retries()
    {
        _connector.NextConnectorFailures.Enqueue((401, null));
        var activity = Activities.Message("what is toil?", serviceUrl: _connector.ServiceUrl);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(activity, _idp.MintChannelToken(AppId, _connector.ServiceUrl))).StatusCode);
        var calls = await _connector.WaitForCallsAsync(2);
        Assert.Equal(["Bearer token-1", "Bearer token-2"], calls.Select(c => c.Authorization));
        Assert.Equal(2, _connector.TokenRequests.Count);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_time_the_connector_asks_for()
    {
        _connector.NextConnectorFailures.Enqueue((429, "1"));
        _connector.NextConnectorFailures.Enqueue((503, null));
        var activity = Activities.Message("what is an SLO?", serviceUrl: _connector.ServiceUrl);
        var started = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(activity, _idp.MintChannelToken(AppId, _connector.ServiceUrl))).StatusCode);
        var calls = await _connector.WaitForCallsAsync(3);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(1), "Retry-After: 1 was not honoured");
        Assert.All(calls, c => Assert.Equal("Bearer token-1", c.Authorization)); // one token, cached
        Assert.Single(_connector.TokenRequests);
    }

    [Fact]
    public async Task Tokens_are_only_sent_to_allowed_service_hosts()
    {
        // A valid token whose serviceurl claim names a host outside the allow-list (localhost is
        // not 127.0.0.1 here): the turn runs, but nothing is posted and no token is requested.
        var elsewhere = _connector.ServiceUrl.Replace("127.0.0.1", "localhost");
        var activity = Activities.Message("what is toil?", serviceUrl: elsewhere);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(activity, _idp.MintChannelToken(AppId, elsewhere))).StatusCode);
        await Task.Delay(500);
        Assert.Empty(_connector.Calls);
        Assert.Empty(_connector.TokenRequests);
    }
}

public sealed class StartupAndPolicyTests
{
    [Fact]
    public void Without_an_app_id_production_does_not_start()
    {
        // The message is one line on the process's stderr, which an in-process host cannot see:
        // EndToEnd/StartupFailureTests checks it on the real server process.
        using var server = new BotServer("Production", new Dictionary<string, string?>());
        Assert.ThrowsAny<Exception>(() => server.CreateClient());
    }

    [Fact]
    public async Task AllowAnonymous_lets_production_run_without_an_app_id_but_rejects_tokens()
    {
        await using var server = new BotServer("Production", new Dictionary<string, string?> { ["Bot:AllowAnonymous"] = "true" });
        var client = server.CreateClient();
        var ok = await client.PostAsync("/api/messages", Activities.Json(Activities.Message("hi", expectReplies: true)));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = Activities.Json(Activities.Message("hi", expectReplies: true)) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJSUzI1NiJ9.e30.sig");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/teams/", true)]
    [InlineData("https://europe.botframework.com/", true)]
    [InlineData("http://smba.trafficmanager.net/teams/", false)]     // a token never travels over plain http
    [InlineData("https://smba.trafficmanager.net.evil.com/", false)]
    [InlineData("https://evilbotframework.com/", false)]
    [InlineData("http://localhost:56150/_connector", false)]        // not in the production list
    public void Service_url_allow_list(string url, bool allowed) =>
        Assert.Equal(allowed, ServiceUrlPolicy.IsAllowed(new Uri(url), new BotOptions().AllowedServiceUrlHosts));
}
