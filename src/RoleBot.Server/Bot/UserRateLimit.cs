using System.Threading.RateLimiting;
using RoleBot.Answers;
using RoleBot.Server.Delivery;

namespace RoleBot.Server.Bot;

/// <summary>
/// Per-person rate limits (System.Threading.RateLimiting, the library behind ASP.NET Core's rate
/// limiting), partitioned by the verified user: Bot Framework <c>from.aadObjectId</c>/<c>from.id</c>,
/// Slack <c>user_id</c>. Over the limit, the person gets a polite "slow down" in the chat, never an
/// HTTP error that Teams or Slack would retry. A token bucket: <c>RateLimit:Burst</c> messages at
/// once (10), refilled at <c>RateLimit:PerMinute</c> (30); <c>RateLimit:Enabled=false</c> turns it off.
/// </summary>
public sealed class UserRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<string>? _limiter;
    private readonly RoleBotMetrics _metrics;

    public UserRateLimit(IConfiguration configuration, RoleBotMetrics metrics)
    {
        _metrics = metrics;
        if (!configuration.GetValue("RateLimit:Enabled", true)) return;
        var burst = Math.Max(1, configuration.GetValue("RateLimit:Burst", 10));
        var perMinute = Math.Max(1, configuration.GetValue("RateLimit:PerMinute", 30));
        _limiter = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetTokenBucketLimiter(user, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1.0 / perMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>True when <paramref name="user"/> on <paramref name="channel"/> may be answered now; unknown users share one bucket per channel.</summary>
    public bool Allow(string channel, string? user)
    {
        if (_limiter is null) return true;
        using var lease = _limiter.AttemptAcquire($"{channel}:{user ?? "?"}");
        if (lease.IsAcquired) return true;
        _metrics.RateLimited.Add(1, new KeyValuePair<string, object?>("channel", channel));
        return false;
    }

    public static Reply SlowDown => new()
    {
        Title = "One moment 🙂",
        ShortAnswer = "You're sending messages faster than I can answer them well. Give me a few seconds, then ask again.",
    };

    public void Dispose() => _limiter?.Dispose();
}
