using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace RoleBot.Server.Delivery;

/// <summary>
/// Work acknowledged to a channel first and done right after (Bot Framework turns answered 202,
/// Slack events acknowledged within 3 seconds), in one bounded queue per destination: each Bot
/// Framework service URL, and the Slack Web API. A slow or dead peer fills only its own queue;
/// everyone else's replies keep flowing. A full queue is refused (the caller answers 503), logged
/// and counted. On shutdown, what is queued is still sent for the grace period, and what could not
/// be sent is logged.
/// </summary>
public sealed class OutboundQueues(IOptions<DeliveryOptions> options, RoleBotMetrics metrics, ILogger<OutboundQueues> logger) : IHostedService
{
    private const string Shared = "(other)";

    private sealed record Work(DeliveryIds Ids, Func<CancellationToken, Task> Run);

    private sealed class Lane(string destination, Channel<Work> channel)
    {
        public string Destination { get; } = destination;
        public Channel<Work> Channel { get; } = channel;
        public Task Workers { get; set; } = Task.CompletedTask;
        public int Waiting;
    }

    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _abandon = new();
    private volatile bool _stopping;

    /// <summary>Queues work for <paramref name="destination"/>; false when its queue is full or the server is stopping.</summary>
    public bool TryEnqueue(string destination, DeliveryIds ids, Func<CancellationToken, Task> work)
    {
        if (!_stopping)
        {
            var lane = LaneFor(destination);
            if (lane.Channel.Writer.TryWrite(new Work(ids, work)))
            {
                Interlocked.Increment(ref lane.Waiting);
                metrics.QueueDepth.Add(1, new KeyValuePair<string, object?>("destination", lane.Destination));
                return true;
            }
        }
        metrics.QueueRejected.Add(1, new KeyValuePair<string, object?>("destination", destination));
        logger.LogWarning("Refused with 503 ({Reason}) for {Destination}: {Ids}", _stopping ? "shutting down" : "queue full", destination, ids);
        return false;
    }

    private Lane LaneFor(string destination)
    {
        if (_lanes.TryGetValue(destination, out var lane)) return lane;
        // A bounded number of lanes: past it, new destinations share one.
        if (_lanes.Count >= options.Value.MaxDestinations) destination = Shared;
        return _lanes.GetOrAdd(destination, d =>
        {
            var created = new Lane(d, Channel.CreateBounded<Work>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
            {
                // Wait (not DropWrite): a full queue makes TryWrite return false, so the caller can answer 503.
                FullMode = BoundedChannelFullMode.Wait,
            }));
            created.Workers = Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.WorkersPerDestination)).Select(_ => Task.Run(() => WorkAsync(created))));
            return created;
        });
    }

    private async Task WorkAsync(Lane lane)
    {
        await foreach (var work in lane.Channel.Reader.ReadAllAsync())
        {
            Interlocked.Decrement(ref lane.Waiting);
            metrics.QueueDepth.Add(-1, new KeyValuePair<string, object?>("destination", lane.Destination));
            if (_abandon.IsCancellationRequested)
            {
                Abandoned(lane, work);
                continue;
            }
            try { await work.Run(_abandon.Token); }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested) { Abandoned(lane, work); }
            catch (Exception e) { logger.LogError(e, "Background work failed for {Destination}: {Ids}", lane.Destination, work.Ids); }
        }
    }

    private void Abandoned(Lane lane, Work work)
    {
        metrics.RepliesDropped.Add(1, new("destination", lane.Destination), new("reason", "shutdown"));
        logger.LogWarning("Not sent before shutdown ({Destination}): {Ids}", lane.Destination, work.Ids);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops taking work, then sends what is queued until the grace period ends; the rest is logged.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        foreach (var lane in _lanes.Values) lane.Channel.Writer.TryComplete();
        var waiting = _lanes.Values.Sum(l => Volatile.Read(ref l.Waiting));
        if (waiting > 0) logger.LogInformation("Shutting down: sending {Count} queued replies (grace {Seconds}s)", waiting, options.Value.GracePeriodSeconds);
        var drained = Task.WhenAll(_lanes.Values.Select(l => l.Workers));
        if (await Task.WhenAny(drained, Task.Delay(options.Value.GracePeriod, CancellationToken.None)) != drained)
        {
            var left = _lanes.Values.Sum(l => Volatile.Read(ref l.Waiting));
            logger.LogWarning("Grace period over: {Count} queued replies not sent", left);
            await _abandon.CancelAsync();
            // The workers now log each remaining item as not sent; give them a moment to do so.
            await Task.WhenAny(drained, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None));
        }
    }
}
