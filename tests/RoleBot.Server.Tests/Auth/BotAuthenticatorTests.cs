using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Moq;
using RoleBot.Server.Channels.Teams;

namespace RoleBot.Server.Tests.Auth;

/// <summary>
/// The inbound authentication matrix of <see cref="BotAuthenticator"/> against a real local OpenID/JWKS
/// server (<see cref="TestIdentityProvider"/>), with a frozen clock in the past so that the validator must
/// use the injected <see cref="TimeProvider"/>, not the machine's clock.
/// </summary>
public sealed class BotAuthenticatorTests : IClassFixture<TestIdentityProvider>
{
    private const string AppId = "9f2b1c7e-3c51-4f0e-9a53-2d7c8e6b1a40";
    private const string TenantId = "6e3c5b2a-8d1f-4c7e-b9a0-1f2e3d4c5b6a";
    private const string OtherTenantId = "0b7d4e21-5a9c-4f3b-8e6d-7c1a2b3c4d5e";
    private const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    private const int Ok = 200, Unauthorized = 401, Forbidden = 403;

    private static readonly DateTimeOffset Now = new(2024, 6, 3, 12, 0, 0, TimeSpan.Zero);

    private readonly TestIdentityProvider _idp;
    private readonly TestClock _clock = new(Now);

    public BotAuthenticatorTests(TestIdentityProvider idp)
    {
        _idp = idp;
        _idp.Clock = _clock;
    }

    // ---- valid tokens -----------------------------------------------------------------------------------

    [Fact]
    public async Task Valid_channel_token_is_accepted()
    {
        AuthResult result = await Authenticate(Bearer(_idp.MintChannelToken(AppId, ServiceUrl)), Message("msteams"));

        AssertStatus(Ok, result);
        Assert.False(result.Anonymous);
        Assert.Equal(TestIdentityProvider.ChannelIssuer, result.Issuer);
    }

    [Fact]
    public async Task Valid_entra_v1_token_with_appid_is_accepted()
    {
        string token = _idp.MintEntraToken(AppId, TenantId, version: 1);

        AuthResult result = await Authenticate(Bearer(token), Message("emulator"));

        AssertStatus(Ok, result);
        Assert.Equal(TestIdentityProvider.EntraV1Issuer(TenantId), result.Issuer);
    }

    [Fact]
    public async Task Valid_entra_v2_token_with_azp_is_accepted()
    {
        string token = _idp.MintEntraToken(AppId, TenantId, version: 2);

        AuthResult result = await Authenticate(Bearer(token), Message("emulator"));

        AssertStatus(Ok, result);
        Assert.Equal(TestIdentityProvider.EntraV2Issuer(TenantId), result.Issuer);
    }

    [Fact]
    public async Task Entra_token_with_api_uri_audience_is_accepted()
    {
        string token = _idp.MintEntraToken(AppId, TenantId, customize: s => s with { Audience = "api://" + AppId });

        AssertStatus(Ok, await Authenticate(Bearer(token), Message("emulator")));
    }

    [Fact]
    public async Task Entra_token_without_ver_is_treated_as_v1()
    {
        string token = _idp.MintEntraToken(AppId, TenantId, version: 1, customize: s => s.WithoutClaim("ver"));

        AssertStatus(Ok, await Authenticate(Bearer(token), Message("emulator")));
    }

    [Theory]
    [InlineData(SecurityAlgorithms.RsaSha384)]
    [InlineData(SecurityAlgorithms.RsaSha512)]
    public async Task Rs384_and_rs512_are_allowed(string algorithm)
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { Algorithm = algorithm });

        AssertStatus(Ok, await Authenticate(Bearer(token), Message("msteams")));
    }

    [Fact]
    public async Task Bearer_scheme_is_case_insensitive()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl);

        AssertStatus(Ok, await Authenticate("bearer " + token, Message("msteams")));
    }

    // ---- lifetime (5 minutes of clock skew, judged by the injected clock) ----------------------------------

    [Fact]
    public async Task Token_expired_beyond_the_skew_is_rejected()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { NotBefore = Now.AddHours(-1), Expires = Now.AddMinutes(-6) });

        AuthResult result = await Authenticate(Bearer(token), Message("msteams"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("token expired", result.Reason);
    }

    [Fact]
    public async Task Token_expired_within_the_skew_is_accepted()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { NotBefore = Now.AddHours(-1), Expires = Now.AddMinutes(-2) });

        AssertStatus(Ok, await Authenticate(Bearer(token), Message("msteams")));
    }

    [Fact]
    public async Task Token_not_yet_valid_beyond_the_skew_is_rejected()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { NotBefore = Now.AddMinutes(10), Expires = Now.AddHours(1) });

        AuthResult result = await Authenticate(Bearer(token), Message("msteams"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("token not yet valid", result.Reason);
    }

    [Fact]
    public async Task Token_not_yet_valid_within_the_skew_is_accepted()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { NotBefore = Now.AddMinutes(2), Expires = Now.AddHours(1) });

        AssertStatus(Ok, await Authenticate(Bearer(token), Message("msteams")));
    }

    [Fact]
    public async Task Lifetime_is_judged_by_the_injected_clock_not_the_machine_clock()
    {
        // Valid by the machine's clock, but expired long ago by the injected one.
        DateTimeOffset realNow = DateTimeOffset.UtcNow;
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { NotBefore = realNow.AddMinutes(-1), Expires = realNow.AddHours(1) });
        _clock.Now = realNow.AddHours(3);

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("msteams")));
    }

    // ---- audience, issuer, keys, signature ----------------------------------------------------------------

    [Fact]
    public async Task Channel_token_for_another_bot_is_rejected()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { Audience = "11111111-2222-3333-4444-555555555555" });

        AuthResult result = await Authenticate(Bearer(token), Message("msteams"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("wrong audience", result.Reason);
    }

    [Fact]
    public async Task Channel_token_with_api_uri_audience_is_rejected()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { Audience = "api://" + AppId });

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("msteams")));
    }

    [Fact]
    public async Task Entra_token_for_another_audience_is_rejected()
    {
        string token = _idp.MintEntraToken(AppId, TenantId, customize: s => s with { Audience = "https://graph.microsoft.com" });

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("emulator")));
    }

    [Theory]
    [InlineData("https://evil.example.com")]
    [InlineData("https://api.botframework.com/")]
    [InlineData("https://API.botframework.com")]
    [InlineData("https://login.microsoftonline.com/common/v2.0")]
    public async Task Token_from_an_untrusted_issuer_is_rejected(string issuer)
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { Issuer = issuer });

        AuthResult result = await Authenticate(Bearer(token), Message("msteams"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("untrusted issuer", result.Reason);
    }

    [Fact]
    public async Task Token_without_issuer_is_rejected()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { Issuer = null });

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("msteams")));
    }

    [Fact]
    public async Task Token_signed_by_an_unpublished_key_is_rejected()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { Key = _idp.UnknownKey });

        AuthResult result = await Authenticate(Bearer(token), Message("msteams"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("unknown signing key", result.Reason);
    }

    [Fact]
    public async Task Token_whose_kid_claims_a_published_key_but_is_signed_by_another_is_rejected()
    {
        TestSigningKey forged = _idp.UnknownKey.WithKid(_idp.EndorsedKey.Kid);
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { Key = forged });

        AuthResult result = await Authenticate(Bearer(token), Message("msteams"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("bad signature", result.Reason);
    }

    [Fact]
    public async Task Channel_token_signed_by_an_entra_key_is_rejected()
    {
        // The Entra keys are not in the ABS key set: the key set is chosen by issuer too.
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { Key = _idp.EntraKey });

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("msteams")));
    }

    [Fact]
    public async Task Entra_token_signed_by_a_channel_key_is_rejected()
    {
        string token = _idp.MintEntraToken(AppId, TenantId, customize: s => s with { Key = _idp.EndorsedKey });

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("emulator")));
    }

    [Fact]
    public async Task Tampered_payload_is_rejected()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl);
        string[] parts = token.Split('.');
        string payload = Base64UrlEncoder.Decode(parts[1]).Replace("smba.trafficmanager.net", "evil.example.com", StringComparison.Ordinal);
        string tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        AssertStatus(Unauthorized, await Authenticate(Bearer(tampered), Message("msteams", "https://evil.example.com/amer/")));
    }

    [Fact]
    public async Task Ps256_is_not_an_allowed_algorithm()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { Algorithm = SecurityAlgorithms.RsaSsaPssSha256 });

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("msteams")));
    }

    [Fact]
    public async Task Unsigned_token_is_rejected()
    {
        string token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestIdentityProvider.ChannelIssuer,
            Audience = AppId,
            NotBefore = Now.AddMinutes(-1).UtcDateTime,
            Expires = Now.AddHours(1).UtcDateTime,
            Claims = new Dictionary<string, object> { ["serviceurl"] = ServiceUrl },
        });

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("msteams")));
    }

    [Fact]
    public async Task Hmac_token_with_a_published_kid_is_rejected()
    {
        var key = new SymmetricSecurityKey(new byte[32]) { KeyId = _idp.EndorsedKey.Kid };
        string token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestIdentityProvider.ChannelIssuer,
            Audience = AppId,
            NotBefore = Now.AddMinutes(-1).UtcDateTime,
            Expires = Now.AddHours(1).UtcDateTime,
            Claims = new Dictionary<string, object> { ["serviceurl"] = ServiceUrl },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("msteams")));
    }

    // ---- serviceurl -----------------------------------------------------------------------------------------

    [Fact]
    public async Task Channel_token_without_serviceurl_claim_is_rejected()
    {
        string token = _idp.MintChannelToken(AppId, serviceUrl: null);

        AuthResult result = await Authenticate(Bearer(token), Message("msteams"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("serviceurl claim missing", result.Reason);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/")]
    [InlineData("https://smba.trafficmanager.net/amer/v3/")]
    [InlineData("https://evil.example.com/amer/")]
    [InlineData("http://smba.trafficmanager.net/amer/")]
    public async Task Channel_token_for_another_service_url_is_rejected(string activityServiceUrl)
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl);

        AuthResult result = await Authenticate(Bearer(token), Message("msteams", activityServiceUrl));

        AssertStatus(Unauthorized, result);
        Assert.Equal("serviceurl claim does not match the activity", result.Reason);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.trafficmanager.net/amer")]
    [InlineData("https://SMBA.TrafficManager.net/AMER/")]
    public async Task Service_url_compares_case_insensitively_ignoring_a_trailing_slash(string activityServiceUrl)
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl);

        AssertStatus(Ok, await Authenticate(Bearer(token), Message("msteams", activityServiceUrl)));
    }

    [Fact]
    public async Task Channel_token_for_an_activity_without_service_url_is_rejected()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl);

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("msteams", serviceUrl: null)));
    }

    // ---- endorsements ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("slack")]
    [InlineData("directline")]
    [InlineData("MSTeams")] // case-sensitive, as botbuilder
    public async Task Channel_not_endorsed_by_the_signing_key_is_forbidden(string channelId)
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl);

        AuthResult result = await Authenticate(Bearer(token), Message(channelId));

        AssertStatus(Forbidden, result);
        Assert.Equal("signing key is not endorsed for the channel", result.Reason);
    }

    [Theory]
    [InlineData("msteams")]
    [InlineData("webchat")]
    [InlineData("emulator")]
    [InlineData(null)] // an empty channelId passes, as botbuilder
    [InlineData("")]
    public async Task Channel_endorsed_by_the_signing_key_is_accepted(string? channelId)
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl);

        AssertStatus(Ok, await Authenticate(Bearer(token), Message(channelId)));
    }

    [Fact]
    public async Task Channel_token_signed_by_a_key_without_endorsements_is_rejected()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl, s => s with { Key = _idp.UnendorsedKey });

        AuthResult result = await Authenticate(Bearer(token), Message("msteams"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("signing key has no endorsements", result.Reason);
    }

    // ---- headers and anonymous mode ----------------------------------------------------------------------------

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Missing_header_with_an_app_id_is_rejected(string? header)
    {
        AuthResult result = await Authenticate(header, Message("msteams"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("no Authorization header", result.Reason);
    }

    [Fact]
    public async Task Token_sent_to_an_anonymous_bot_is_rejected()
    {
        BotAuthenticator auth = CreateAuthenticator(_idp.CreateBotOptions(appId: null));

        AuthResult result = await auth.AuthenticateAsync(Bearer(_idp.MintChannelToken(AppId, ServiceUrl)), Message("msteams"), default);

        AssertStatus(Unauthorized, result);
        Assert.Equal("token sent to an anonymous bot", result.Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task No_header_on_an_anonymous_bot_is_accepted_anonymously(string? header)
    {
        BotAuthenticator auth = CreateAuthenticator(_idp.CreateBotOptions(appId: " "));

        AuthResult result = await auth.AuthenticateAsync(header, Message("emulator"), default);

        Assert.Same(AuthResult.AnonymousOk, result);
        Assert.True(result.Anonymous);
    }

    public static TheoryData<string> GarbageHeaders()
    {
        var data = new TheoryData<string>
        {
            "Bearer",
            "Bearer ",
            "Basic x",
            "Basic dXNlcjpwYXNz",
            "Bearer a.b",
            "Bearer a.b.c",
            "Bearer ...",
            "Bearer a.b.c.d.e",
            "Bearer x y",
            "Bearer \u0000\u0001.\u00ff.\u2603",
            "Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOjV9.c2ln", // iss is a number
            "Bearer eyJhbGciOiJSUzI1NiJ9.W10.c2ln",          // payload is an array
            "Bearer eyJhbGciOiJSUzI1NiJ9.bnVsbA.c2ln",       // payload is null
            "Bearer e30.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.", // {} header, channel iss, no signature
            "Bearer " + new string('a', 10 * 1024),
            "Bearer " + string.Join('.', Enumerable.Repeat(new string('A', 3400), 3)),
            new string('B', 10 * 1024),
            "Token abc",
        };
        return data;
    }

    [Theory]
    [MemberData(nameof(GarbageHeaders))]
    public async Task Garbage_headers_are_rejected_without_an_exception(string header)
    {
        AuthResult result = await Authenticate(header, Message("msteams"));

        AssertStatus(Unauthorized, result);
        Assert.False(string.IsNullOrEmpty(result.Reason));
    }

    [Fact]
    public async Task A_null_activity_does_not_throw()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl);

        AuthResult result = await CreateAuthenticator().AuthenticateAsync(Bearer(token), null!, default);

        AssertStatus(Unauthorized, result);
    }

    // ---- Entra path specifics ----------------------------------------------------------------------------------

    [Fact]
    public async Task Entra_v1_token_with_another_appid_is_rejected()
    {
        string token = _idp.MintEntraToken(AppId, TenantId, version: 1,
            customize: s => s.WithClaim("appid", "11111111-2222-3333-4444-555555555555").WithClaim("azp", AppId));

        AuthResult result = await Authenticate(Bearer(token), Message("emulator"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("appid claim is not the bot's app id", result.Reason);
    }

    [Fact]
    public async Task Entra_v2_token_with_another_azp_is_rejected()
    {
        string token = _idp.MintEntraToken(AppId, TenantId, version: 2,
            customize: s => s.WithClaim("azp", "11111111-2222-3333-4444-555555555555").WithClaim("appid", AppId));

        AuthResult result = await Authenticate(Bearer(token), Message("emulator"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("azp claim is not the bot's app id", result.Reason);
    }

    [Fact]
    public async Task Entra_v2_token_without_azp_is_rejected()
    {
        string token = _idp.MintEntraToken(AppId, TenantId, version: 2, customize: s => s.WithoutClaim("azp"));

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("emulator")));
    }

    [Fact]
    public async Task Entra_token_with_an_unknown_version_is_rejected()
    {
        string token = _idp.MintEntraToken(AppId, TenantId, customize: s => s.WithClaim("ver", "3.0"));

        AuthResult result = await Authenticate(Bearer(token), Message("emulator"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("unsupported token version", result.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Entra_token_from_another_tenant_is_rejected_for_a_single_tenant_bot(int version)
    {
        string token = _idp.MintEntraToken(AppId, OtherTenantId, version);

        AuthResult result = await Authenticate(Bearer(token), Message("emulator"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("untrusted issuer", result.Reason);
    }

    [Fact]
    public async Task Entra_token_with_our_issuer_but_another_tid_is_rejected_for_a_single_tenant_bot()
    {
        string token = _idp.MintEntraToken(AppId, TenantId, customize: s => s.WithClaim("tid", OtherTenantId));

        AuthResult result = await Authenticate(Bearer(token), Message("emulator"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("tid is not the bot's tenant", result.Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Botframework_tenant_token_is_rejected_for_a_single_tenant_bot(int version)
    {
        string token = _idp.MintEntraToken(AppId, TestIdentityProvider.BotFrameworkTenantId, version);

        AssertStatus(Unauthorized, await Authenticate(Bearer(token), Message("emulator")));
    }

    [Theory]
    [InlineData(TestIdentityProvider.BotFrameworkTenantId, 1)]
    [InlineData(TestIdentityProvider.BotFrameworkTenantId, 2)]
    [InlineData(BotAuthenticator.LegacyEmulatorTenantId, 1)]
    [InlineData(BotAuthenticator.LegacyEmulatorTenantId, 2)]
    public async Task Emulator_tenant_tokens_are_accepted_for_a_multi_tenant_bot(string tenant, int version)
    {
        BotAuthenticator auth = CreateAuthenticator(_idp.CreateBotOptions(AppId, tenantId: null, appType: "MultiTenant"));

        AuthResult result = await auth.AuthenticateAsync(Bearer(_idp.MintEntraToken(AppId, tenant, version)), Message("emulator"), default);

        AssertStatus(Ok, result);
    }

    [Fact]
    public async Task Other_tenant_token_is_rejected_for_a_multi_tenant_bot()
    {
        BotAuthenticator auth = CreateAuthenticator(_idp.CreateBotOptions(AppId, tenantId: null, appType: "MultiTenant"));

        AuthResult result = await auth.AuthenticateAsync(Bearer(_idp.MintEntraToken(AppId, OtherTenantId)), Message("emulator"), default);

        AssertStatus(Unauthorized, result);
    }

    [Fact]
    public async Task Channel_token_is_accepted_for_a_multi_tenant_bot()
    {
        BotAuthenticator auth = CreateAuthenticator(_idp.CreateBotOptions(AppId, tenantId: null, appType: "MultiTenant"));

        AssertStatus(Ok, await auth.AuthenticateAsync(Bearer(_idp.MintChannelToken(AppId, ServiceUrl)), Message("msteams"), default));
    }

    // ---- the path is chosen by issuer, never by channelId -------------------------------------------------------

    [Fact]
    public async Task Channel_token_with_emulator_channel_id_takes_the_channel_path()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl);

        AuthResult result = await Authenticate(Bearer(token), Message("emulator"));

        AssertStatus(Ok, result);
        Assert.Equal(TestIdentityProvider.ChannelIssuer, result.Issuer);
    }

    [Fact]
    public async Task Channel_token_with_emulator_channel_id_still_gets_the_service_url_check()
    {
        string token = _idp.MintChannelToken(AppId, ServiceUrl);

        AuthResult result = await Authenticate(Bearer(token), Message("emulator", "http://localhost:3978/"));

        AssertStatus(Unauthorized, result);
        Assert.Equal("serviceurl claim does not match the activity", result.Reason);
    }

    [Fact]
    public async Task Entra_token_with_msteams_channel_id_takes_the_entra_path()
    {
        // The Agents Playground with credentials sends Entra tokens with channelId "msteams" and no serviceurl claim.
        string token = _idp.MintEntraToken(AppId, TenantId);

        AuthResult result = await Authenticate(Bearer(token), Message("msteams", "http://localhost:56150/_connector"));

        AssertStatus(Ok, result);
        Assert.Equal(TestIdentityProvider.EntraV2Issuer(TenantId), result.Issuer);
    }

    // ---- key caching and rollover ----------------------------------------------------------------------------------

    [Fact]
    public async Task Keys_are_fetched_once_and_cached()
    {
        await using TestIdentityProvider idp = await TestIdentityProvider.StartAsync(_clock);
        BotAuthenticator auth = CreateAuthenticator(idp.CreateBotOptions(AppId, TenantId));

        for (int i = 0; i < 3; i++)
            AssertStatus(Ok, await auth.AuthenticateAsync(Bearer(idp.MintChannelToken(AppId, ServiceUrl)), Message("msteams"), default));

        Assert.Equal(1, idp.ChannelMetadataRequests);
        Assert.Equal(2, idp.ChannelKeysRequests); // one for the signing keys, one for the endorsements
    }

    [Fact]
    public async Task Concurrent_requests_share_one_key_fetch()
    {
        await using TestIdentityProvider idp = await TestIdentityProvider.StartAsync(_clock);
        BotAuthenticator auth = CreateAuthenticator(idp.CreateBotOptions(AppId, TenantId));
        string header = Bearer(idp.MintChannelToken(AppId, ServiceUrl));

        AuthResult[] results = await Task.WhenAll(Enumerable.Range(0, 32)
            .Select(_ => Task.Run(() => auth.AuthenticateAsync(header, Message("msteams"), default))));

        Assert.All(results, r => AssertStatus(Ok, r));
        Assert.Equal(1, idp.ChannelMetadataRequests);
    }

    [Fact]
    public async Task A_key_published_after_the_first_fetch_is_found_by_one_refresh()
    {
        await using TestIdentityProvider idp = await TestIdentityProvider.StartAsync(_clock);
        BotAuthenticator auth = CreateAuthenticator(idp.CreateBotOptions(AppId, TenantId));
        AssertStatus(Ok, await auth.AuthenticateAsync(Bearer(idp.MintChannelToken(AppId, ServiceUrl)), Message("msteams"), default));

        var rolled = new TestSigningKey("abs-rolled-in");
        idp.PublishChannelKey(rolled, "msteams");
        AuthResult result = await auth.AuthenticateAsync(
            Bearer(idp.MintChannelToken(AppId, ServiceUrl, s => s with { Key = rolled })), Message("msteams"), default);

        AssertStatus(Ok, result);
        Assert.Equal(2, idp.ChannelMetadataRequests);
    }

    [Fact]
    public async Task Forced_refreshes_are_throttled()
    {
        await using TestIdentityProvider idp = await TestIdentityProvider.StartAsync(_clock);
        BotAuthenticator auth = CreateAuthenticator(idp.CreateBotOptions(AppId, TenantId));

        for (int i = 0; i < 5; i++)
        {
            AuthResult result = await auth.AuthenticateAsync(
                Bearer(idp.MintChannelToken(AppId, ServiceUrl, s => s with { Key = idp.UnknownKey })), Message("msteams"), default);
            AssertStatus(Unauthorized, result);
        }

        Assert.Equal(2, idp.ChannelMetadataRequests); // the first fetch and one forced refresh
    }

    [Fact]
    public async Task Unreachable_metadata_gives_401_without_an_exception()
    {
        TestIdentityProvider down = await TestIdentityProvider.StartAsync(_clock);
        string deadUrl = down.ChannelMetadataUrl;
        string token = down.MintChannelToken(AppId, ServiceUrl);
        await down.DisposeAsync(); // nothing listens on that port any more

        BotOptions options = _idp.CreateBotOptions(AppId, TenantId);
        options.ChannelOpenIdMetadataUrl = deadUrl;
        AuthResult result = await CreateAuthenticator(options).AuthenticateAsync(Bearer(token), Message("msteams"), default);

        AssertStatus(Unauthorized, result);
        Assert.Equal("signing keys unavailable", result.Reason);
    }

    [Fact]
    public async Task Failing_metadata_service_gives_401()
    {
        await using TestIdentityProvider idp = await TestIdentityProvider.StartAsync(_clock);
        idp.ChannelServiceDown = true;
        BotAuthenticator auth = CreateAuthenticator(idp.CreateBotOptions(AppId, TenantId));

        AuthResult result = await auth.AuthenticateAsync(Bearer(idp.MintChannelToken(AppId, ServiceUrl)), Message("msteams"), default);

        AssertStatus(Unauthorized, result);
        Assert.Equal("signing keys unavailable", result.Reason);
    }

    [Fact]
    public async Task Plain_http_metadata_is_refused_unless_loopback()
    {
        BotOptions options = _idp.CreateBotOptions(AppId, TenantId);
        // Refused by the https requirement before any request is made.
        options.ChannelOpenIdMetadataUrl = "http://login.botframework.invalid/v1/.well-known/openidconfiguration";

        AuthResult result = await CreateAuthenticator(options).AuthenticateAsync(
            Bearer(_idp.MintChannelToken(AppId, ServiceUrl)), Message("msteams"), default);

        AssertStatus(Unauthorized, result);
        Assert.Equal("signing keys unavailable", result.Reason);
    }

    [Fact]
    public async Task Caller_cancellation_surfaces_as_cancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            CreateAuthenticator().AuthenticateAsync(Bearer(_idp.MintChannelToken(AppId, ServiceUrl)), Message("msteams"), cts.Token));
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private Task<AuthResult> Authenticate(string? header, Activity activity) =>
        CreateAuthenticator().AuthenticateAsync(header, activity, CancellationToken.None);

    private BotAuthenticator CreateAuthenticator(BotOptions? options = null)
    {
        var httpClientFactory = new Mock<IHttpClientFactory>();
        httpClientFactory.Setup(f => f.CreateClient(It.IsAny<string>())).Returns(() => new HttpClient());
        return new BotAuthenticator(
            Options.Create(options ?? _idp.CreateBotOptions(AppId, TenantId)),
            httpClientFactory.Object,
            _clock,
            NullLogger<BotAuthenticator>.Instance);
    }

    private static string Bearer(string token) => "Bearer " + token;

    private static Activity Message(string? channelId, string? serviceUrl = ServiceUrl) => new()
    {
        Type = ActivityTypes.Message,
        Id = "1",
        ChannelId = channelId,
        ServiceUrl = serviceUrl,
        Text = "hello",
    };

    private static void AssertStatus(int expected, AuthResult result) =>
        Assert.True(expected == result.Status, $"Expected {expected}, got {result.Status} ({result.Reason})");
}
