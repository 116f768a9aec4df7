namespace RoleBot.Server.Delivery;

/// <summary>How replies leave: per-destination queues, retries, and how long shutdown drains them.</summary>
public sealed class DeliveryOptions
{
    /// <summary>Replies waiting per destination (one Bot Framework service URL, the Slack Web API) before 503.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Replies worked on at once per destination: mostly waiting on the peer.</summary>
    public int WorkersPerDestination { get; set; } = 4;

    /// <summary>Destinations with a queue of their own; past this, new ones share one (a forged flood of service URLs cannot make threads).</summary>
    public int MaxDestinations { get; set; } = 64;

    /// <summary>A reply not delivered this long after it was queued is dropped on purpose, logged and counted.</summary>
    public double DeadlineSeconds { get; set; } = 60;

    /// <summary>One HTTP attempt waits this long for a hanging peer before it counts as a timeout and is retried.</summary>
    public double AttemptTimeoutSeconds { get; set; } = 10;

    /// <summary>On SIGTERM, queued replies are still sent for this long (set as <c>Shutdown:GracePeriodSeconds</c>; Kubernetes' terminationGracePeriodSeconds should be a little more).</summary>
    public double GracePeriodSeconds { get; set; } = 20;

    public TimeSpan Deadline => TimeSpan.FromSeconds(DeadlineSeconds);
    public TimeSpan AttemptTimeout => TimeSpan.FromSeconds(AttemptTimeoutSeconds);
    public TimeSpan GracePeriod => TimeSpan.FromSeconds(GracePeriodSeconds);
}
