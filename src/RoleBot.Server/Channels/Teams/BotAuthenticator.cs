using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// Checks the bearer token of an inbound Bot Framework request (channel → bot), following the Bot
/// Framework REST authentication rules (see shared/docs/botframework-protocol.md §1):
/// <list type="bullet">
/// <item>No app id configured: no header → anonymous 200; a header → 401 (as botbuilder does).</item>
/// <item>The validation path is chosen by the unvalidated token's <c>iss</c>, never by channelId:
/// <c>https://api.botframework.com</c> → Azure Bot Service channel token (ABS keys, audience = app id,
/// <c>serviceurl</c> claim = activity.serviceUrl, key endorsements contain activity.channelId);
/// an Entra issuer of a trusted tenant → Emulator / Agents Playground token (Entra keys,
/// audience = app id or api://app id, appid (v1) / azp (v2) = app id, tid pinned for single-tenant);
/// anything else → 401.</item>
/// </list>
/// Never throws for any header or activity: every failure is an <see cref="AuthResult"/> with 401 or
/// 403 and a short reason for logs. Only the caller's own cancellation surfaces (as
/// <see cref="OperationCanceledException"/>). Thread-safe; meant to be a singleton.
/// </summary>
public sealed class BotAuthenticator
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client used for metadata and key fetches.</summary>
    public const string HttpClientName = "RoleBot.BotAuth";

    /// <summary>Allowed clock difference for nbf/exp, as the Bot Framework docs require.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The botframework.com tenant (v3.2 Emulator tokens).</summary>
    public const string BotFrameworkTenantId = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

    /// <summary>The tenant of v3.1 Emulator tokens.</summary>
    public const string LegacyEmulatorTenantId = "d6d49420-f39b-4df7-a1dc-d59a935871db";

    /// <summary>At most one forced key refresh (unknown kid) per metadata URL in this interval.</summary>
    internal static readonly TimeSpan ForcedRefreshInterval = TimeSpan.FromMinutes(5);

    /// <summary>How long a request waits for a forced refresh (which IdentityModel 8 runs in the background).</summary>
    internal static readonly TimeSpan ForcedRefreshWait = TimeSpan.FromSeconds(5);

    private static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly BotOptions _options;
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BotAuthenticator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Lazy<KeySource>> _sources = new(StringComparer.Ordinal);

    private readonly string _appId;
    private readonly HashSet<string> _entraIssuers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _entraTenants = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _pinnedTenant;

    public BotAuthenticator(
        IOptions<BotOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<BotAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        _options = options.Value;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
        _appId = _options.MicrosoftAppId?.Trim() ?? "";

        // Trusted Entra tenants: the configured one (else "botframework.com"); a multi-tenant bot also
        // takes the two tenants the Emulator has used. Never derived from the token (unlike botbuilder).
        _entraTenants.Add(_options.Tenant.Trim());
        bool multiTenant = string.Equals(_options.MicrosoftAppType, "MultiTenant", StringComparison.OrdinalIgnoreCase);
        if (multiTenant)
        {
            _entraTenants.Add(BotFrameworkTenantId);
            _entraTenants.Add(LegacyEmulatorTenantId);
        }
        foreach (string tenant in _entraTenants)
        {
            // Entra writes tenant ids in lower case in its issuers.
            string t = tenant.ToLowerInvariant();
            _entraIssuers.Add($"https://sts.windows.net/{t}/");
            _entraIssuers.Add($"https://login.microsoftonline.com/{t}/v2.0");
        }
        // SingleTenant (and UserAssignedMSI, also single-tenant) with a configured tenant: tid is pinned.
        if (!multiTenant && !string.IsNullOrWhiteSpace(_options.MicrosoftAppTenantId))
            _pinnedTenant = _options.MicrosoftAppTenantId.Trim();
    }

    /// <summary>
    /// Checks <paramref name="authorizationHeader"/> (the raw Authorization header value, or null) for
    /// <paramref name="activity"/>. Never throws except for cancellation of <paramref name="ct"/>.
    /// </summary>
    public async Task<AuthResult> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken ct)
    {
        try
        {
            AuthResult result = await AuthenticateCoreAsync(authorizationHeader, activity, ct).ConfigureAwait(false);
            if (!result.Succeeded)
                _logger.LogDebug("Bot Framework request rejected ({Status}): {Reason}; issuer {Issuer}", result.Status, result.Reason, result.Issuer);
            return result;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Bot Framework authentication failed unexpectedly");
            return AuthResult.Unauthorized("authentication error");
        }
    }

    private async Task<AuthResult> AuthenticateCoreAsync(string? header, Activity? activity, CancellationToken ct)
    {
        bool hasHeader = !string.IsNullOrWhiteSpace(header);

        if (!_options.HasAppId)
        {
            // Whether anonymous mode is allowed at all is decided at startup.
            return hasHeader ? AuthResult.Unauthorized("token sent to an anonymous bot") : AuthResult.AnonymousOk;
        }

        if (!hasHeader)
            return AuthResult.Unauthorized("no Authorization header");

        string[] parts = header!.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !string.Equals(parts[0], "Bearer", StringComparison.OrdinalIgnoreCase))
            return AuthResult.Unauthorized("not a Bearer token");
        string token = parts[1];

        string issuer;
        string? tid;
        try
        {
            // Unvalidated read: only to choose the path. Throws for anything that isn't a JWT.
            JsonWebToken unvalidated = _handler.ReadJsonWebToken(token);
            // RFC 7515 §4.1.11: a token whose "crit" names extensions we don't implement must be
            // refused, and we implement none. IdentityModel ignores "crit", so it is checked here.
            if (HasCriticalHeader(unvalidated))
                return AuthResult.Unauthorized("unsupported critical header (crit)");
            issuer = unvalidated.Issuer ?? "";
            tid = unvalidated.TryGetPayloadValue("tid", out string? t) ? t : null;
        }
        catch (Exception)
        {
            return AuthResult.Unauthorized("malformed token");
        }

        if (string.Equals(issuer, _options.ChannelIssuer, StringComparison.Ordinal))
            return await ValidateChannelTokenAsync(token, issuer, activity, ct).ConfigureAwait(false);

        if (_entraIssuers.Contains(issuer))
            return await ValidateEntraTokenAsync(token, issuer, tid, ct).ConfigureAwait(false);

        return AuthResult.Unauthorized("untrusted issuer");
    }

    // ---- a) Azure Bot Service channel tokens --------------------------------------------------------

    private async Task<AuthResult> ValidateChannelTokenAsync(string token, string issuer, Activity? activity, CancellationToken ct)
    {
        KeySource source = GetSource(_options.ChannelOpenIdMetadataUrl, withEndorsements: true);
        var (failure, jwt, config) = await ValidateSignedTokenAsync(
            source, token, issuer, [issuer], [_appId], ct).ConfigureAwait(false);
        if (failure is not null)
            return failure;

        // serviceurl claim: required, and equal to the activity's serviceUrl (whole string,
        // case-insensitive, a trailing "/" ignored).
        if (!TryGetString(jwt!, "serviceurl", out string? claimUrl) || string.IsNullOrWhiteSpace(claimUrl))
            return Fail(401, "serviceurl claim missing", issuer);
        if (!SameServiceUrl(claimUrl, activity?.ServiceUrl))
            return Fail(401, "serviceurl claim does not match the activity", issuer);

        // Endorsements of the key that signed the token.
        string? kid = jwt!.SigningKey?.KeyId;
        if (string.IsNullOrEmpty(kid))
            kid = jwt.Kid;
        string[]? endorsements = await source.GetEndorsementsAsync(config!, kid, ct).ConfigureAwait(false);
        if (endorsements is null || endorsements.Length == 0)
            return Fail(401, "signing key has no endorsements", issuer);

        string? channelId = activity?.ChannelId;
        if (!string.IsNullOrEmpty(channelId) && Array.IndexOf(endorsements, channelId) < 0)
            return Fail(403, "signing key is not endorsed for the channel", issuer);

        return new AuthResult(200, null, false, issuer);
    }

    // ---- b) Entra tokens (Emulator, Agents Playground with credentials) -----------------------------

    private async Task<AuthResult> ValidateEntraTokenAsync(string token, string issuer, string? unvalidatedTid, CancellationToken ct)
    {
        // Key set of the token's tenant when that is a trusted one (bounded: at most 3 URLs), else ours.
        string tenant = unvalidatedTid is not null && _entraTenants.Contains(unvalidatedTid) ? unvalidatedTid : _options.Tenant;
        string metadataUrl = _options.EntraOpenIdMetadataUrl.Replace("{tenant}", Uri.EscapeDataString(tenant.Trim()), StringComparison.Ordinal);
        KeySource source = GetSource(metadataUrl, withEndorsements: false);

        var (failure, jwt, _) = await ValidateSignedTokenAsync(
            source, token, issuer, _entraIssuers, [_appId, "api://" + _appId], ct).ConfigureAwait(false);
        if (failure is not null)
            return failure;

        // The token must have been issued to the bot itself: appid (v1) or azp (v2).
        string version = TryGetString(jwt!, "ver", out string? ver) && !string.IsNullOrEmpty(ver) ? ver : "1.0";
        string clientClaim = version switch
        {
            "1.0" => "appid",
            "2.0" => "azp",
            _ => "",
        };
        if (clientClaim.Length == 0)
            return Fail(401, "unsupported token version", issuer);
        if (!TryGetString(jwt!, clientClaim, out string? clientId) || !string.Equals(clientId, _appId, StringComparison.Ordinal))
            return Fail(401, $"{clientClaim} claim is not the bot's app id", issuer);

        if (_pinnedTenant is not null
            && !(TryGetString(jwt!, "tid", out string? tid) && string.Equals(tid, _pinnedTenant, StringComparison.OrdinalIgnoreCase)))
            return Fail(401, "tid is not the bot's tenant", issuer);

        return new AuthResult(200, null, false, issuer);
    }

    // ---- shared validation ---------------------------------------------------------------------------

    private async Task<(AuthResult? Failure, JsonWebToken? Token, OpenIdConnectConfiguration? Config)> ValidateSignedTokenAsync(
        KeySource source, string token, string issuer, IEnumerable<string> validIssuers, IEnumerable<string> validAudiences, CancellationToken ct)
    {
        OpenIdConnectConfiguration config;
        try
        {
            config = await source.GetConfigurationAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Could not load signing keys from {MetadataUrl}", source.MetadataUrl);
            return (Fail(401, "signing keys unavailable", issuer), null, null);
        }

        TokenValidationResult result = await _handler.ValidateTokenAsync(token, Parameters(config, validIssuers, validAudiences)).ConfigureAwait(false);

        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Unknown kid: the keys may have rolled over. Refresh once (throttled) and retry.
            OpenIdConnectConfiguration? fresh = await source.ForceRefreshAsync(ct).ConfigureAwait(false);
            if (fresh is not null && !ReferenceEquals(fresh, config))
            {
                config = fresh;
                result = await _handler.ValidateTokenAsync(token, Parameters(config, validIssuers, validAudiences)).ConfigureAwait(false);
            }
        }

        if (!result.IsValid)
        {
            _logger.LogDebug(result.Exception, "Token from {Issuer} failed validation", issuer);
            return (Fail(401, Describe(result.Exception), issuer), null, null);
        }
        if (result.SecurityToken is not JsonWebToken jwt)
            return (Fail(401, "invalid token", issuer), null, null);
        return (null, jwt, config);
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration config, IEnumerable<string> issuers, IEnumerable<string> audiences) => new()
    {
        ValidateIssuer = true,
        ValidIssuers = issuers,
        ValidateAudience = true,
        ValidAudiences = audiences,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = ClockSkew,
        // IdentityModel 8.23 has no public TimeProvider on TokenValidationParameters: judge nbf/exp here.
        LifetimeValidator = ValidateLifetime,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        IssuerSigningKeys = config.SigningKeys,
        ValidAlgorithms = AllowedAlgorithms,
        ValidateTokenReplay = false,
    };

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        if (expires is not { } exp)
            throw new SecurityTokenNoExpirationException("The token has no expiration time.");
        if (notBefore is { } nbf && nbf >= exp)
            throw new SecurityTokenInvalidLifetimeException("The token's nbf is not before its exp.") { NotBefore = nbf, Expires = exp };

        DateTime now = _timeProvider.GetUtcNow().UtcDateTime;
        if (notBefore is { } notYet && notYet.ToUniversalTime() > now + ClockSkew)
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = notYet };
        if (exp.ToUniversalTime() < now - ClockSkew)
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = exp };
        return true;
    }

    private static string Describe(Exception? ex) => ex switch
    {
        SecurityTokenExpiredException => "token expired",
        SecurityTokenNotYetValidException => "token not yet valid",
        SecurityTokenNoExpirationException => "token has no expiry",
        SecurityTokenInvalidLifetimeException => "invalid token lifetime",
        SecurityTokenInvalidAudienceException => "wrong audience",
        SecurityTokenInvalidIssuerException => "wrong issuer",
        SecurityTokenSignatureKeyNotFoundException => "unknown signing key",
        SecurityTokenInvalidAlgorithmException => "signing algorithm not allowed",
        SecurityTokenInvalidSignatureException => "bad signature",
        _ => "invalid token",
    };

    private static AuthResult Fail(int status, string reason, string? issuer) => new(status, reason, false, issuer);

    /// <summary>Whether the JOSE header has a "crit" member, of any value (even a malformed one).</summary>
    private static bool HasCriticalHeader(JsonWebToken jwt)
    {
        using JsonDocument header = JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.EncodedHeader));
        return header.RootElement.ValueKind == JsonValueKind.Object
               && header.RootElement.EnumerateObject().Any(p => p.NameEquals("crit"));
    }

    private static bool TryGetString(JsonWebToken jwt, string claim, out string? value)
    {
        try
        {
            if (jwt.TryGetPayloadValue(claim, out string? v))
            {
                value = v;
                return true;
            }
        }
        catch (Exception)
        {
            // A claim of an unexpected JSON type counts as missing.
        }
        value = null;
        return false;
    }

    internal static bool SameServiceUrl(string? claim, string? activityServiceUrl)
    {
        if (string.IsNullOrWhiteSpace(claim) || string.IsNullOrWhiteSpace(activityServiceUrl))
            return false;
        return string.Equals(claim.Trim().TrimEnd('/'), activityServiceUrl.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
    }

    private KeySource GetSource(string metadataUrl, bool withEndorsements)
    {
        string key = (withEndorsements ? "channel|" : "entra|") + metadataUrl;
        return _sources.GetOrAdd(key, _ => new Lazy<KeySource>(
            () => new KeySource(metadataUrl, withEndorsements, _httpClientFactory, _timeProvider, _logger),
            LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    // ---- keys and endorsements of one metadata URL -----------------------------------------------------

    /// <summary>
    /// The signing keys of one OpenID metadata URL (a <see cref="ConfigurationManager{T}"/>: automatic
    /// refresh every 12 h) plus, for the channel service, the kid → endorsements map read from the same
    /// JWKS, fetched by the same retrieval so both always refresh together.
    /// </summary>
    private sealed class KeySource
    {
        private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;
        private readonly ObservedRetriever _retriever;
        private readonly TimeProvider _timeProvider;
        private readonly object _gate = new();
        private Task<OpenIdConnectConfiguration?>? _refresh;
        private DateTimeOffset _lastForcedRefresh = DateTimeOffset.MinValue;

        public KeySource(string metadataUrl, bool withEndorsements, IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger logger)
        {
            MetadataUrl = metadataUrl;
            _timeProvider = timeProvider;
            bool loopback = Uri.TryCreate(metadataUrl, UriKind.Absolute, out Uri? uri) && uri.IsLoopback;
            var documents = new HttpDocumentRetriever(httpClientFactory.CreateClient(HttpClientName)) { RequireHttps = !loopback };
            _retriever = new ObservedRetriever(withEndorsements, logger);
            _manager = new ConfigurationManager<OpenIdConnectConfiguration>(metadataUrl, _retriever, documents)
            {
                // Forced refreshes are throttled here (ForcedRefreshInterval), so that a RequestRefresh
                // we make is never swallowed by the manager's own throttle.
                RefreshInterval = ConfigurationManager<OpenIdConnectConfiguration>.MinimumRefreshInterval,
            };
        }

        public string MetadataUrl { get; }

        public Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken ct) =>
            _manager.GetConfigurationAsync(ct).WaitAsync(ct);

        /// <summary>
        /// Fetches the metadata and keys again, at most once per <see cref="ForcedRefreshInterval"/>
        /// (concurrent callers share one refresh). Returns the new configuration, or null when throttled
        /// or when the fetch failed.
        /// </summary>
        public async Task<OpenIdConnectConfiguration?> ForceRefreshAsync(CancellationToken ct)
        {
            Task<OpenIdConnectConfiguration?> refresh;
            lock (_gate)
            {
                if (_refresh is { IsCompleted: false })
                {
                    refresh = _refresh;
                }
                else
                {
                    DateTimeOffset now = _timeProvider.GetUtcNow();
                    if (_lastForcedRefresh != DateTimeOffset.MinValue && now - _lastForcedRefresh < ForcedRefreshInterval)
                        return null;
                    _lastForcedRefresh = now;
                    refresh = _refresh = RefreshCoreAsync();
                }
            }
            return await refresh.WaitAsync(ct).ConfigureAwait(false);
        }

        private async Task<OpenIdConnectConfiguration?> RefreshCoreAsync()
        {
            // IdentityModel 8 refreshes in the background after RequestRefresh, so GetConfigurationAsync
            // right after it still returns the old keys: wait for the retrieval itself instead.
            Task<OpenIdConnectConfiguration?> next = _retriever.NextRetrieval;
            _manager.RequestRefresh();
            Task winner = await Task.WhenAny(next, Task.Delay(ForcedRefreshWait)).ConfigureAwait(false);
            return winner == next ? await next.ConfigureAwait(false) : null;
        }

        /// <summary>
        /// The endorsements of <paramref name="kid"/> in <paramref name="config"/>'s JWKS (empty when the
        /// key has none). A kid missing from the JWKS (keys rolled between fetches) triggers one refresh.
        /// Null when the kid is unknown.
        /// </summary>
        public async Task<string[]?> GetEndorsementsAsync(OpenIdConnectConfiguration config, string? kid, CancellationToken ct)
        {
            if (string.IsNullOrEmpty(kid))
                return null;
            if (_retriever.Endorsements(config).TryGetValue(kid, out string[]? endorsements))
                return endorsements;
            OpenIdConnectConfiguration? fresh = await ForceRefreshAsync(ct).ConfigureAwait(false);
            return fresh is not null && _retriever.Endorsements(fresh).TryGetValue(kid, out endorsements) ? endorsements : null;
        }
    }

    /// <summary>
    /// Retrieves an <see cref="OpenIdConnectConfiguration"/> with <see cref="OpenIdConnectConfigurationRetriever"/>,
    /// optionally reads the endorsements from the JWKS, and lets a waiter observe the next retrieval.
    /// </summary>
    private sealed class ObservedRetriever(bool withEndorsements, ILogger logger) : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        private static readonly IReadOnlyDictionary<string, string[]> NoEndorsements = new Dictionary<string, string[]>();
        private readonly OpenIdConnectConfigurationRetriever _inner = new();
        private readonly ConditionalWeakTable<OpenIdConnectConfiguration, IReadOnlyDictionary<string, string[]>> _endorsements = new();
        private TaskCompletionSource<OpenIdConnectConfiguration?> _next = NewSignal();

        /// <summary>Completes when the next retrieval (or one in flight) ends: the configuration, or null on failure.</summary>
        public Task<OpenIdConnectConfiguration?> NextRetrieval => Volatile.Read(ref _next).Task;

        public IReadOnlyDictionary<string, string[]> Endorsements(OpenIdConnectConfiguration config) =>
            _endorsements.TryGetValue(config, out var map) ? map : NoEndorsements;

        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            OpenIdConnectConfiguration? config = null;
            try
            {
                OpenIdConnectConfiguration fetched = await ((IConfigurationRetriever<OpenIdConnectConfiguration>)_inner)
                    .GetConfigurationAsync(address, retriever, cancel).ConfigureAwait(false);
                if (withEndorsements)
                {
                    // The typed JsonWebKey has no endorsements: read the JWKS JSON ourselves.
                    var map = string.IsNullOrEmpty(fetched.JwksUri)
                        ? NoEndorsements
                        : ParseEndorsements(await retriever.GetDocumentAsync(fetched.JwksUri, cancel).ConfigureAwait(false));
                    _endorsements.AddOrUpdate(fetched, map);
                }
                config = fetched;
                return fetched;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Fetching OpenID metadata from {MetadataUrl} failed", address);
                throw;
            }
            finally
            {
                Interlocked.Exchange(ref _next, NewSignal()).TrySetResult(config);
            }
        }

        /// <summary>kid → endorsements (an empty array for a key without any).</summary>
        internal static IReadOnlyDictionary<string, string[]> ParseEndorsements(string jwks)
        {
            var map = new Dictionary<string, string[]>(StringComparer.Ordinal);
            using JsonDocument doc = JsonDocument.Parse(jwks);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("keys", out JsonElement keys)
                || keys.ValueKind != JsonValueKind.Array)
                return map;
            foreach (JsonElement key in keys.EnumerateArray())
            {
                if (key.ValueKind != JsonValueKind.Object
                    || !key.TryGetProperty("kid", out JsonElement kidElement)
                    || kidElement.ValueKind != JsonValueKind.String
                    || kidElement.GetString() is not { Length: > 0 } kid)
                    continue;
                string[] endorsements = [];
                if (key.TryGetProperty("endorsements", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
                {
                    endorsements = list.EnumerateArray()
                        .Where(e => e.ValueKind == JsonValueKind.String)
                        .Select(e => e.GetString()!)
                        .ToArray();
                }
                map[kid] = endorsements;
            }
            return map;
        }

        private static TaskCompletionSource<OpenIdConnectConfiguration?> NewSignal() =>
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
