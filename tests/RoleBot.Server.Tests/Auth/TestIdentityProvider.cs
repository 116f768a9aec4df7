using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RoleBot.Server.Channels.Teams;

namespace RoleBot.Server.Tests.Auth;

/// <summary>
/// A real, local stand-in for the two identity services a Bot Framework bot trusts, served by Kestrel
/// on 127.0.0.1 (a free port):
/// <list type="bullet">
/// <item>Azure Bot Service: <see cref="ChannelMetadataUrl"/> (…/v1/.well-known/openidconfiguration) whose
/// JWKS carries an <c>endorsements</c> array per key, like login.botframework.com.</item>
/// <item>Entra ID: <c>/{tenant}/v2.0/.well-known/openid-configuration</c> (<see cref="EntraMetadataUrlTemplate"/>)
/// and its keys, for any tenant.</item>
/// </list>
/// It holds the RSA keys and mints RS256 tokens with any iss/aud/nbf/exp/claims. Use as an xunit class
/// fixture (IAsyncLifetime), or <c>await using var idp = await TestIdentityProvider.StartAsync();</c>.
/// Thread-safe.
/// </summary>
public sealed class TestIdentityProvider : IAsyncLifetime, IAsyncDisposable
{
    public const string ChannelIssuer = "https://api.botframework.com";
    public const string BotFrameworkTenantId = BotAuthenticator.BotFrameworkTenantId;
    public static readonly ImmutableArray<string> EndorsedChannels = ["msteams", "webchat", "emulator"];

    private const string ChannelMetadataPath = "/botframework/v1/.well-known/openidconfiguration";
    private const string ChannelKeysPath = "/botframework/v1/.well-known/keys";

    private readonly object _gate = new();
    private readonly List<(TestSigningKey Key, string[]? Endorsements)> _channelKeys = [];
    private readonly List<TestSigningKey> _entraKeys = [];
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.OrdinalIgnoreCase);
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private WebApplication? _app;
    private string? _baseUrl;

    public TestIdentityProvider()
    {
        EndorsedKey = new TestSigningKey("abs-endorsed");
        UnendorsedKey = new TestSigningKey("abs-no-endorsements");
        EntraKey = new TestSigningKey("entra-1");
        UnknownKey = new TestSigningKey("never-published");
        _channelKeys.Add((EndorsedKey, [.. EndorsedChannels]));
        _channelKeys.Add((UnendorsedKey, null));
        _entraKeys.Add(EntraKey);
    }

    /// <summary>Starts a new provider (dispose it with <c>await using</c>).</summary>
    public static async Task<TestIdentityProvider> StartAsync(TimeProvider? clock = null)
    {
        var idp = new TestIdentityProvider();
        if (clock is not null)
            idp.Clock = clock;
        await idp.StartServerAsync();
        return idp;
    }

    /// <summary>"Now" for the default nbf/iat/exp of minted tokens.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>In the ABS JWKS, endorsed for <see cref="EndorsedChannels"/>. Signs channel tokens by default.</summary>
    public TestSigningKey EndorsedKey { get; }

    /// <summary>In the ABS JWKS, without an endorsements entry.</summary>
    public TestSigningKey UnendorsedKey { get; }

    /// <summary>In the Entra JWKS (every tenant). Signs Entra tokens by default.</summary>
    public TestSigningKey EntraKey { get; }

    /// <summary>Never published anywhere.</summary>
    public TestSigningKey UnknownKey { get; }

    /// <summary>When true, the channel metadata and keys answer 503.</summary>
    public bool ChannelServiceDown { get; set; }

    public string BaseUrl => _baseUrl ?? throw new InvalidOperationException("The identity provider is not started.");

    /// <summary>The ABS-like OpenID metadata (for <see cref="BotOptions.ChannelOpenIdMetadataUrl"/>).</summary>
    public string ChannelMetadataUrl => BaseUrl + ChannelMetadataPath;

    public string ChannelKeysUrl => BaseUrl + ChannelKeysPath;

    /// <summary>The Entra-like metadata with a {tenant} placeholder (for <see cref="BotOptions.EntraOpenIdMetadataUrl"/>).</summary>
    public string EntraMetadataUrlTemplate => BaseUrl + "/{tenant}/v2.0/.well-known/openid-configuration";

    public string EntraMetadataUrl(string tenant) => EntraMetadataUrlTemplate.Replace("{tenant}", tenant, StringComparison.Ordinal);

    public static string EntraV1Issuer(string tenant) => $"https://sts.windows.net/{tenant}/";

    public static string EntraV2Issuer(string tenant) => $"https://login.microsoftonline.com/{tenant}/v2.0";

    /// <summary>Options for a bot with these credentials whose metadata URLs point at this provider.</summary>
    public BotOptions CreateBotOptions(string? appId, string? tenantId = null, string appType = "SingleTenant") => new()
    {
        MicrosoftAppId = appId,
        MicrosoftAppPassword = appId is null ? null : "test-secret",
        MicrosoftAppTenantId = tenantId,
        MicrosoftAppType = appType,
        ChannelOpenIdMetadataUrl = ChannelMetadataUrl,
        EntraOpenIdMetadataUrl = EntraMetadataUrlTemplate,
    };

    /// <summary>Publishes <paramref name="key"/> in the ABS JWKS (key rollover); null endorsements → no entry.</summary>
    public void PublishChannelKey(TestSigningKey key, params string[]? endorsements)
    {
        lock (_gate)
            _channelKeys.Add((key, endorsements));
    }

    public void PublishEntraKey(TestSigningKey key)
    {
        lock (_gate)
            _entraKeys.Add(key);
    }

    /// <summary>How many requests reached <paramref name="path"/> (e.g. "/botframework/v1/.well-known/keys").</summary>
    public int RequestCount(string path) => _requests.TryGetValue(path, out int n) ? n : 0;

    public int ChannelMetadataRequests => RequestCount(ChannelMetadataPath);

    public int ChannelKeysRequests => RequestCount(ChannelKeysPath);

    // ---- tokens ----------------------------------------------------------------------------------------

    /// <summary>What an Azure Bot Service channel token looks like: iss api.botframework.com, aud = app id, serviceurl.</summary>
    public TokenSpec ChannelTokenSpec(string appId, string? serviceUrl)
    {
        var spec = new TokenSpec { Issuer = ChannelIssuer, Audience = appId, Key = EndorsedKey };
        return serviceUrl is null ? spec : spec.WithClaim("serviceurl", serviceUrl);
    }

    /// <summary>
    /// What an Entra token from the Emulator / Agents Playground looks like: v1 (sts.windows.net issuer,
    /// ver 1.0, appid) or v2 (login.microsoftonline.com/…/v2.0, ver 2.0, azp); aud = app id; tid = tenant.
    /// </summary>
    public TokenSpec EntraTokenSpec(string appId, string tenantId, int version = 2)
    {
        var spec = new TokenSpec
        {
            Issuer = version == 1 ? EntraV1Issuer(tenantId) : EntraV2Issuer(tenantId),
            Audience = appId,
            Key = EntraKey,
        };
        return version == 1
            ? spec.WithClaim("ver", "1.0").WithClaim("appid", appId).WithClaim("tid", tenantId)
            : spec.WithClaim("ver", "2.0").WithClaim("azp", appId).WithClaim("tid", tenantId);
    }

    public string MintChannelToken(string appId, string? serviceUrl, Func<TokenSpec, TokenSpec>? customize = null)
    {
        TokenSpec spec = ChannelTokenSpec(appId, serviceUrl);
        return MintToken(customize is null ? spec : customize(spec));
    }

    public string MintEntraToken(string appId, string tenantId, int version = 2, Func<TokenSpec, TokenSpec>? customize = null)
    {
        TokenSpec spec = EntraTokenSpec(appId, tenantId, version);
        return MintToken(customize is null ? spec : customize(spec));
    }

    /// <summary>Signs a JWT as described. Unset times default to nbf = iat = now − 1 min, exp = now + 1 h.</summary>
    public string MintToken(TokenSpec spec)
    {
        DateTimeOffset now = Clock.GetUtcNow();
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            NotBefore = (spec.NotBefore ?? now.AddMinutes(-1)).UtcDateTime,
            IssuedAt = (spec.IssuedAt ?? spec.NotBefore ?? now.AddMinutes(-1)).UtcDateTime,
            Expires = (spec.Expires ?? now.AddHours(1)).UtcDateTime,
            Claims = spec.Claims.ToDictionary(c => c.Key, c => c.Value),
            SigningCredentials = new SigningCredentials((spec.Key ?? EndorsedKey).SecurityKey, spec.Algorithm),
            AdditionalHeaderClaims = spec.Headers.IsEmpty ? null : spec.Headers.ToDictionary(h => h.Key, h => h.Value),
        };
        return _handler.CreateToken(descriptor);
    }

    // ---- server ----------------------------------------------------------------------------------------

    async Task IAsyncLifetime.InitializeAsync() => await StartServerAsync();

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private async Task StartServerAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        // No appsettings, environment variables or Kestrel endpoints from anywhere: only what is set here.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");

        WebApplication app = builder.Build();
        app.Use(async (context, next) =>
        {
            _requests.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, n) => n + 1);
            await next(context);
        });

        app.MapGet(ChannelMetadataPath, () => ChannelServiceDown
            ? Results.StatusCode(503)
            : Json(new JsonObject
            {
                ["issuer"] = ChannelIssuer,
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = ChannelKeysUrl,
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            }));

        app.MapGet(ChannelKeysPath, () =>
        {
            if (ChannelServiceDown)
                return Results.StatusCode(503);
            var keys = new JsonArray();
            lock (_gate)
            {
                foreach (var (key, endorsements) in _channelKeys)
                    keys.Add(key.ToJwk(endorsements));
            }
            return Json(new JsonObject { ["keys"] = keys });
        });

        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Json(new JsonObject
        {
            ["issuer"] = EntraV2Issuer(tenant),
            ["authorization_endpoint"] = $"{BaseUrl}/{tenant}/oauth2/v2.0/authorize",
            ["token_endpoint"] = $"{BaseUrl}/{tenant}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{BaseUrl}/{tenant}/discovery/v2.0/keys",
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["response_types_supported"] = new JsonArray("code", "id_token"),
            ["subject_types_supported"] = new JsonArray("pairwise"),
        }));

        app.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant) =>
        {
            var keys = new JsonArray();
            lock (_gate)
            {
                foreach (TestSigningKey key in _entraKeys)
                    keys.Add(key.ToJwk(null));
            }
            return Json(new JsonObject { ["keys"] = keys });
        });

        var address = await LoopbackApp.StartAsync(app);
        _app = app;
        _baseUrl = address.TrimEnd('/');
    }

    private static IResult Json(JsonObject body) => Results.Text(body.ToJsonString(), "application/json");

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }
}

/// <summary>The content of a token to mint. Use <c>with</c> and <see cref="WithClaim"/>/<see cref="WithoutClaim"/>.</summary>
public sealed record TokenSpec
{
    public string? Issuer { get; init; }
    public string? Audience { get; init; }

    /// <summary>The signing key (its kid goes in the header). Null → the provider's endorsed ABS key.</summary>
    public TestSigningKey? Key { get; init; }

    public string Algorithm { get; init; } = SecurityAlgorithms.RsaSha256;
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? Expires { get; init; }
    public DateTimeOffset? IssuedAt { get; init; }
    public ImmutableDictionary<string, object> Claims { get; init; } = ImmutableDictionary<string, object>.Empty;

    public TokenSpec WithClaim(string name, object value) => this with { Claims = Claims.SetItem(name, value) };

    public TokenSpec WithoutClaim(string name) => this with { Claims = Claims.Remove(name) };

    /// <summary>JOSE header parameters besides alg, kid and typ (e.g. <c>crit</c>).</summary>
    public ImmutableDictionary<string, object> Headers { get; init; } = ImmutableDictionary<string, object>.Empty;

    public TokenSpec WithHeader(string name, object value) => this with { Headers = Headers.SetItem(name, value) };
}

/// <summary>An RSA signing key with its kid.</summary>
public sealed class TestSigningKey
{
    public TestSigningKey(string kid, RSA? rsa = null)
    {
        Kid = kid;
        Rsa = rsa ?? RSA.Create(2048);
    }

    public string Kid { get; }
    public RSA Rsa { get; }
    public RsaSecurityKey SecurityKey => new(Rsa) { KeyId = Kid };

    /// <summary>The same private key presenting another kid: a forgery that claims a published key.</summary>
    public TestSigningKey WithKid(string kid) => new(kid, Rsa);

    /// <summary>The public JWK; <paramref name="endorsements"/> null → no endorsements member.</summary>
    public JsonObject ToJwk(IEnumerable<string>? endorsements)
    {
        RSAParameters p = Rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = Kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus!),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
        };
        if (endorsements is not null)
            jwk["endorsements"] = new JsonArray(endorsements.Select(e => (JsonNode?)JsonValue.Create(e)).ToArray());
        return jwk;
    }
}

/// <summary>A clock that only moves when told to.</summary>
public sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
