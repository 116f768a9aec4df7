namespace RoleBot.Server.SharedState;

/// <summary>Connects at start-up rather than on the first message, so the first answers already share state.</summary>
public sealed class RedisStartup(RedisConnection redis) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(redis.IsConnected);
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
