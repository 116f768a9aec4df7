using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using RoleBot.Server.Delivery;

namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// Sends replies to the Bot Connector at the activity's serviceUrl:
/// <c>POST {serviceUrl}/v3/conversations/{conversationId}/activities/{replyToId}</c>, ids escaped.
/// A bearer token is attached only for hosts on the allow-list; 401 refreshes the token once;
/// timeouts, connection errors, 429 and 5xx are retried by <see cref="RetryingSender"/> until the
/// reply's deadline.
/// </summary>
public sealed class ConnectorClient(HttpClient http, TokenProvider tokens, IOptions<BotOptions> options, RetryingSender sender, ILogger<ConnectorClient> logger)
{
    /// <summary>Sends <paramref name="reply"/>; returns the id the connector gave the message ("" if it gave none), or null when it was not sent.</summary>
    public async Task<string?> SendAsync(string serviceUrl, Activity reply, CancellationToken ct)
    {
        var ids = new DeliveryIds(reply.ChannelId ?? "botframework", reply.Conversation?.Id, reply.ReplyToId);
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("https" or "http"))
        {
            logger.LogWarning("Not replying: serviceUrl is not an absolute http(s) URL ({Ids})", ids);
            return null;
        }
        var o = options.Value;
        var withToken = o.HasAppId;
        if (!ServiceUrlPolicy.IsAllowed(baseUri, o.AllowedServiceUrlHosts))
        {
            // A token must never leave for a host we don't trust; without one (anonymous local
            // mode) the reply still may only go to loopback.
            logger.LogWarning("Not replying to {Host}: not an allowed service host ({Ids})", baseUri.Host, ids);
            return null;
        }

        var conversation = Uri.EscapeDataString(reply.Conversation?.Id ?? "");
        var path = $"v3/conversations/{conversation}/activities" +
                   (string.IsNullOrEmpty(reply.ReplyToId) ? "" : "/" + Uri.EscapeDataString(reply.ReplyToId));
        var url = new Uri(new Uri(baseUri.AbsoluteUri.EndsWith('/') ? baseUri.AbsoluteUri : baseUri.AbsoluteUri + "/"), path);

        string? token = null;
        using var response = await sender.SendAsync(http, "connector:" + baseUri.Host, ids, async (previous, attemptCt) =>
        {
            if (withToken)
                token = previous == HttpStatusCode.Unauthorized ? await tokens.GetTokenAsync(attemptCt, rejected: token) : token ?? await tokens.GetTokenAsync(attemptCt);
            var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(reply, options: ActivityJson.Options) };
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return request;
        }, ct, retryUnauthorizedOnce: withToken);
        if (response?.IsSuccessStatusCode != true) return null;
        // A ResourceResponse: {"id": "..."}; feedback on the message later names this id. The reply
        // was delivered even if this body is unreadable: the turn's other replies still go.
        try
        {
            var body = await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(ct);
            return Http.JsonFields.Str(body, "id") ?? "";
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or NotSupportedException or InvalidOperationException or HttpRequestException or IOException)
        {
            return "";
        }
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
