using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// Client-credentials tokens for calling the Bot Connector: requested from the bot's tenant (single
/// tenant) or botframework.com (multi-tenant), cached, refreshed five minutes before expiry with only
/// one request in flight however many replies want a token at once.
/// </summary>
public sealed class TokenProvider(HttpClient http, IOptions<BotOptions> options, TimeProvider clock, ILogger<TokenProvider> logger)
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    /// <summary>Replaced whole, never mutated: a reader sees a token with its own expiry.</summary>
    private sealed record CachedToken(string Token, DateTimeOffset Expires);
    private volatile CachedToken? _cached;

    /// <summary>
    /// A valid token. Pass the token the connector just rejected as <paramref name="rejected"/> to
    /// force a new one; if another reply already replaced it, that newer token is reused.
    /// </summary>
    public async Task<string> GetTokenAsync(CancellationToken ct, string? rejected = null)
    {
        if (Usable(_cached, rejected) is { } token) return token;
        await _refresh.WaitAsync(ct);
        try
        {
            if (Usable(_cached, rejected) is { } refreshed) return refreshed;
            var (fresh, expires) = await RequestAsync(ct);
            _cached = new CachedToken(fresh, expires);
            return fresh;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private string? Usable(CachedToken? cached, string? rejected) =>
        cached is { } c && c.Token != rejected && clock.GetUtcNow() < c.Expires - RefreshMargin ? c.Token : null;

    private async Task<(string Token, DateTimeOffset Expires)> RequestAsync(CancellationToken ct)
    {
        var o = options.Value;
        var tenant = o.IsSingleTenant ? o.Tenant : "botframework.com";
        var url = o.TokenEndpoint.Replace("{tenant}", Uri.EscapeDataString(tenant));
        using var body = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = o.MicrosoftAppId ?? "",
            ["client_secret"] = o.MicrosoftAppPassword ?? "",
            ["scope"] = o.TokenScope,
        });
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsync(url, body, ct);
            if (response.IsSuccessStatusCode)
            {
                using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
                var token = doc.RootElement.GetProperty("access_token").GetString()
                            ?? throw new InvalidOperationException("token response without access_token");
                var expiresIn = doc.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 3600;
                return (token, clock.GetUtcNow().AddSeconds(expiresIn));
            }
            // The secret never appears in logs; the status and tenant are enough to diagnose.
            logger.LogWarning("Token request to tenant {Tenant} failed with {Status} (attempt {Attempt})", tenant, (int)response.StatusCode, attempt);
            if (attempt >= 3 || !IsTransient(response.StatusCode))
                throw new HttpRequestException($"Token request failed: {(int)response.StatusCode}", null, response.StatusCode);
            await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), clock, ct);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;
}
