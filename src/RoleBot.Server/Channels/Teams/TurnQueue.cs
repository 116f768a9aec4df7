using System.Threading.Channels;

namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// Turns acknowledged with 202 wait here; a background worker runs each and posts its replies to the
/// connector. Bounded, so a flood gets 503 instead of unbounded memory.
/// </summary>
public sealed class TurnQueue
{
    private readonly Channel<TurnContext> _channel = Channel.CreateBounded<TurnContext>(new BoundedChannelOptions(1000)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    public bool TryEnqueue(TurnContext turn) => _channel.Writer.TryWrite(turn);

    public IAsyncEnumerable<TurnContext> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>Runs queued turns (two at a time) and sends their replies through the connector.</summary>
public sealed class TurnWorker(TurnQueue queue, IServiceProvider services, ILogger<TurnWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(queue.ReadAllAsync(stoppingToken), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = stoppingToken },
            async (turn, ct) =>
            {
                try
                {
                    var adapter = services.GetRequiredService<BotFrameworkAdapter>();
                    var connector = services.GetRequiredService<ConnectorClient>();
                    await adapter.RunAsync(turn, ct);
                    foreach (var reply in turn.Replies)
                        await connector.SendAsync(turn.Activity.ServiceUrl ?? "", reply, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Sending replies failed");
                }
            });
}
