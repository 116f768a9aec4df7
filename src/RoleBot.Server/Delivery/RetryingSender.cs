using System.Net;
using Microsoft.Extensions.Options;

namespace RoleBot.Server.Delivery;

/// <summary>
/// Sends one outbound call until it succeeds, fails for good, or its deadline passes: timeouts,
/// connection errors, 408, 429 (after its Retry-After) and 5xx are retried with exponential
/// back-off and jitter; other 4xx are final. A reply given up on is logged with its ids, the
/// attempts and the last status, and counted. Used by the Bot Connector and Slack clients alike.
/// </summary>
public sealed class RetryingSender(IOptions<DeliveryOptions> options, TimeProvider clock, RoleBotMetrics metrics, ILogger<RetryingSender> logger)
{
    /// <summary>
    /// Null when the call was given up on. <paramref name="request"/> builds each attempt; it is told
    /// the previous attempt's status (so a 401 can fetch a new token).
    /// <paramref name="retryUnauthorizedOnce"/>: a 401 is retried once (the token may have expired).
    /// </summary>
    public async Task<HttpResponseMessage?> SendAsync(HttpClient http, string peer, DeliveryIds ids,
        Func<HttpStatusCode?, CancellationToken, Task<HttpRequestMessage>> request, CancellationToken ct, bool retryUnauthorizedOnce = false)
    {
        var o = options.Value;
        var start = clock.GetTimestamp();
        string last = "none";
        HttpStatusCode? lastStatus = null;
        var unauthorizedRetried = false;
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage? response = null;
            var left = o.Deadline - clock.GetElapsedTime(start);
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(left < o.AttemptTimeout ? (left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1)) : o.AttemptTimeout);
                try
                {
                    using var message = await request(lastStatus, timeout.Token);
                    response = await http.SendAsync(message, timeout.Token);
                    last = ((int)response.StatusCode).ToString();
                    lastStatus = response.StatusCode;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested) { last = "timeout"; }
                catch (HttpRequestException e) { last = e.HttpRequestError.ToString(); }
            }
            metrics.OutboundCalls.Add(1, new("peer", peer), new("status", last));

            TimeSpan? retryAfter = null;
            if (response is not null)
            {
                if (response.IsSuccessStatusCode) return response;
                var status = (int)response.StatusCode;
                var unauthorized = response.StatusCode == HttpStatusCode.Unauthorized && retryUnauthorizedOnce && !unauthorizedRetried;
                if (!unauthorized && status is not (408 or 429) && status < 500)
                {
                    Dropped(peer, ids, attempt, last, "refused");
                    return response; // final: the caller reads the error
                }
                unauthorizedRetried |= unauthorized;
                retryAfter = RetryAfter(response);
                response.Dispose();
                if (unauthorized) continue; // at once, with a fresh token
            }

            var wait = retryAfter ?? BackOff(attempt);
            // An attempt the deadline would cut off after a few milliseconds tells nothing but
            // "timeout" (and hides why the real attempts failed): drop now instead.
            if (clock.GetElapsedTime(start) + wait + MinimumAttempt >= o.Deadline)
            {
                Dropped(peer, ids, attempt, last, "deadline");
                return null;
            }
            await Task.Delay(wait, clock, ct);
        }
    }

    private static readonly TimeSpan MinimumAttempt = TimeSpan.FromMilliseconds(250);

    private void Dropped(string peer, DeliveryIds ids, int attempts, string last, string reason)
    {
        metrics.RepliesDropped.Add(1, new("destination", peer), new("reason", reason));
        logger.LogWarning("Reply to {Peer} dropped ({Reason}) after {Attempts} attempts, last status {Status}: {Ids}", peer, reason, attempts, last, ids);
    }

    /// <summary>0.5 s, 1 s, 2 s, 4 s … (at most 8 s), each with up to 25% jitter so retries from many replies spread out.</summary>
    internal static TimeSpan BackOff(int attempt)
    {
        var baseMs = Math.Min(8000, 500 * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(baseMs * (1 + Random.Shared.NextDouble() * 0.25));
    }

    /// <summary>The peer's Retry-After (seconds or a date), capped at 30 s; null when it gives none.</summary>
    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        if (delay is not { } d || d <= TimeSpan.Zero) return null;
        return d > TimeSpan.FromSeconds(30) ? TimeSpan.FromSeconds(30) : d;
    }
}
