namespace RoleBot.Server.Curation;

/// <summary>The "Log" settings: the questions log and feedback (infra/k8s/README.md lists them all).</summary>
public sealed class QuestionLogOptions
{
    /// <summary>Log:Questions. False: nothing is logged and no 👍/👎 is offered (nothing would keep it).</summary>
    public bool Questions { get; set; } = true;

    /// <summary>Log:PostgreSql: a connection string; when set, replicas share one PostgreSQL log.</summary>
    public string? PostgreSql { get; set; }

    /// <summary>Log:SqlitePath: the embedded log's file (default under ~/.local/share/rolebot).</summary>
    public string? SqlitePath { get; set; }

    /// <summary>Log:RetentionDays: questions older than this are deleted, with their feedback.</summary>
    public double RetentionDays { get; set; } = 90;

    /// <summary>Log:QueueCapacity: entries waiting for the database; beyond it new ones are dropped and counted.</summary>
    public int QueueCapacity { get; set; } = 10_000;
}
