using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// Sends replies to the Bot Connector at the activity's serviceUrl:
/// <c>POST {serviceUrl}/v3/conversations/{conversationId}/activities/{replyToId}</c>, ids escaped.
/// A bearer token is attached only for hosts on the allow-list; 401 refreshes the token once;
/// 429 and 5xx are retried with back-off, honouring Retry-After.
/// </summary>
public sealed class ConnectorClient(HttpClient http, TokenProvider tokens, IOptions<BotOptions> options, TimeProvider clock, ILogger<ConnectorClient> logger)
{
    public const int MaxAttempts = 4;

    public async Task<bool> SendAsync(string serviceUrl, Activity reply, CancellationToken ct)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("https" or "http"))
        {
            logger.LogWarning("Not replying: serviceUrl is not an absolute http(s) URL");
            return false;
        }
        var o = options.Value;
        var withToken = o.HasAppId;
        if (!ServiceUrlPolicy.IsAllowed(baseUri, o.AllowedServiceUrlHosts))
        {
            // A token must never leave for a host we don't trust; without one (anonymous local
            // mode) the reply still may only go to loopback.
            logger.LogWarning("Not replying to {Host}: not an allowed service host", baseUri.Host);
            return false;
        }

        var conversation = Uri.EscapeDataString(reply.Conversation?.Id ?? "");
        var path = $"v3/conversations/{conversation}/activities" +
                   (string.IsNullOrEmpty(reply.ReplyToId) ? "" : "/" + Uri.EscapeDataString(reply.ReplyToId));
        var url = new Uri(new Uri(baseUri.AbsoluteUri.EndsWith('/') ? baseUri.AbsoluteUri : baseUri.AbsoluteUri + "/"), path);

        string? token = withToken ? await tokens.GetTokenAsync(ct) : null;
        var refreshed = false;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(reply, options: ActivityJson.Options) };
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode) return true;

            var status = response.StatusCode;
            if (status == HttpStatusCode.Unauthorized && withToken && !refreshed)
            {
                refreshed = true;
                token = await tokens.GetTokenAsync(ct, rejected: token);
                continue;
            }
            if (status != HttpStatusCode.TooManyRequests && (int)status < 500) break;
            if (attempt < MaxAttempts)
                await Task.Delay(BackOff(response, attempt), clock, ct);
        }
        logger.LogWarning("Reply to conversation failed after retries");
        return false;
    }

    /// <summary>Retry-After when the server gives one (capped at 10 s so one throttled chat cannot hold a worker long), else 0.5 s, 1 s, 2 s.</summary>
    internal static TimeSpan BackOff(HttpResponseMessage response, int attempt)
    {
        var retryAfter = response.Headers.RetryAfter;
        var delay = retryAfter?.Delta ?? (retryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : (TimeSpan?)null);
        if (delay is { } d && d > TimeSpan.Zero) return d > TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : d;
        return TimeSpan.FromMilliseconds(500 * Math.Pow(2, attempt - 1));
    }
}

/// <summary>Which serviceUrl hosts replies (and tokens) may go to.</summary>
public static class ServiceUrlPolicy
{
    public static bool IsAllowed(Uri url, IEnumerable<string> hosts)
    {
        var host = url.Host.ToLowerInvariant();
        foreach (var pattern in hosts)
        {
            var p = pattern.Trim().ToLowerInvariant();
            if (p.StartsWith("*.") ? host.EndsWith(p[1..]) : host == p) return url.Scheme == "https" || IsLoopback(url);
        }
        return false;
    }

    public static bool IsLoopback(Uri url) => url.IsLoopback || url.Host is "127.0.0.1" or "[::1]" or "localhost";
}
