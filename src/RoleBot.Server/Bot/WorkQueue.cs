using System.Threading.Channels;

namespace RoleBot.Server.Bot;

/// <summary>
/// Work acknowledged to a channel first and done right after: Bot Framework turns answered with
/// 202, Slack events acknowledged within Slack's 3 seconds. Bounded, so a flood is refused (the
/// caller answers 503) instead of growing memory without limit.
/// </summary>
public sealed class WorkQueue
{
    private readonly Channel<Func<CancellationToken, Task>> _channel =
        // Wait (not DropWrite): a full queue makes TryWrite return false, so the caller can answer 503.
        Channel.CreateBounded<Func<CancellationToken, Task>>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.Wait });

    public bool TryEnqueue(Func<CancellationToken, Task> work) => _channel.Writer.TryWrite(work);

    internal IAsyncEnumerable<Func<CancellationToken, Task>> ReadAllAsync(CancellationToken ct) => _channel.Reader.ReadAllAsync(ct);
}

/// <summary>Runs queued work (mostly waiting on HTTP) four at a time; a failure, a timeout included, is logged, never fatal.</summary>
public sealed class WorkQueueWorker(WorkQueue queue, ILogger<WorkQueueWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Parallel.ForEachAsync(queue.ReadAllAsync(stoppingToken),
            new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = stoppingToken },
            async (work, ct) =>
            {
                try { await work(ct); }
                catch (Exception e) when (!ct.IsCancellationRequested) { logger.LogError(e, "Background work failed"); }
            });
}
