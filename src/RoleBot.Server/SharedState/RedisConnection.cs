using StackExchange.Redis;

namespace RoleBot.Server.SharedState;

/// <summary>
/// The one connection to Redis that replicas share state through (<c>Redis:Configuration</c>, a
/// StackExchange.Redis configuration string, or <c>REDIS_URL</c>, <c>redis://[:password@]host:port</c>).
/// It never blocks start-up or an answer: commands fail fast while Redis is away (the callers fall
/// back), a warning is logged once per outage, and the client reconnects by itself.
/// </summary>
public sealed class RedisConnection : IDisposable
{
    private readonly ILogger<RedisConnection> _logger;
    private int _down; // 1 while an outage has been logged

    public ConnectionMultiplexer Multiplexer { get; }

    /// <summary>Where Redis is, as logged (host and port only: never the password).</summary>
    public string Endpoint { get; }

    public bool IsConnected => Multiplexer.IsConnected;

    private RedisConnection(ConfigurationOptions options, ILogger<RedisConnection> logger)
    {
        _logger = logger;
        Endpoint = string.Join(",", options.EndPoints.Select(e => e.ToString()));
        Multiplexer = ConnectionMultiplexer.Connect(options);
        Multiplexer.ConnectionFailed += (_, e) => Down(e.FailureType.ToString());
        Multiplexer.ConnectionRestored += (_, _) =>
        {
            if (Interlocked.Exchange(ref _down, 0) == 1) _logger.LogWarning("Redis at {Endpoint} is back: shared state restored", Endpoint);
        };
        if (!Multiplexer.IsConnected) Down("not reachable at start-up");
    }

    private void Down(string why)
    {
        if (Interlocked.Exchange(ref _down, 1) == 0)
            _logger.LogWarning("Redis at {Endpoint} is unavailable ({Why}): answering without shared state until it returns", Endpoint, why);
    }

    /// <summary>The options for <paramref name="configuration"/> or <paramref name="url"/>; null when neither is set.</summary>
    public static ConfigurationOptions? Options(string? configuration, string? url)
    {
        ConfigurationOptions options;
        if (!string.IsNullOrWhiteSpace(configuration)) options = ConfigurationOptions.Parse(configuration);
        else if (!string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "redis" or "rediss")
        {
            options = new ConfigurationOptions { Ssl = u.Scheme == "rediss" };
            options.EndPoints.Add(u.Host, u.Port > 0 ? u.Port : 6379);
            if (u.UserInfo is { Length: > 0 } info)
            {
                var parts = Uri.UnescapeDataString(info).Split(':', 2);
                if (parts.Length == 2) { if (parts[0].Length > 0) options.User = parts[0]; options.Password = parts[1]; }
                else options.Password = parts[0];
            }
            if (u.AbsolutePath.Trim('/') is { Length: > 0 } db && int.TryParse(db, out var n)) options.DefaultDatabase = n;
        }
        else if (!string.IsNullOrWhiteSpace(url)) throw new InvalidOperationException("REDIS_URL must look like redis://[:password@]host:port[/db].");
        else return null;
        // Never hold start-up or an answer hostage: connect in the background, fail commands at once
        // while disconnected, and keep retrying. A connected Redis gets 2 s a command: shorter, and a
        // busy machine's slow moment would count as an outage (a Slack retry answered twice).
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 2000;
        options.AsyncTimeout = 2000;
        options.ConnectRetry = 1;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new ExponentialRetry(250, 5000);
        return options;
    }

    public static RedisConnection Connect(ConfigurationOptions options, ILogger<RedisConnection> logger) => new(options, logger);

    public void Dispose() => Multiplexer.Dispose();
}
