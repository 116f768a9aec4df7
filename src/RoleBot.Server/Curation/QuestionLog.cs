using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using RoleBot.Answers;
using RoleBot.Curation.QuestionLog;
using RoleBot.Server.Delivery;
using RoleBot.Understanding;

namespace RoleBot.Server.Curation;

/// <summary>
/// The questions log as the routes see it: <see cref="Answered"/>, <see cref="Sent"/> and
/// <see cref="Feedback"/> only put an entry in a bounded queue and return, so logging never slows
/// or fails an answer. One background writer empties the queue into the store in batches. When the
/// database is away the writer holds its batch and retries; the queue keeps filling meanwhile, and
/// only what no longer fits is dropped (and counted), so nothing else is lost when it is back.
/// </summary>
public sealed class QuestionLog : IHostedLifecycleService, IAsyncDisposable
{
    private const int BatchSize = 1000;

    /// <summary>
    /// After a batch that did not fill, the writer waits this long before the next: a busy bot then
    /// commits a few large transactions a second instead of one per handful of questions (each commit
    /// rewrites the tails of the table and its two indexes in the WAL). A lone question is still written at once.
    /// </summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan RetentionEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan RetryUnmatchedAfter = TimeSpan.FromSeconds(2);

    /// <summary>At shutdown the log writes what is queued for at most this long: it comes after the replies' own drain, inside the host's shutdown timeout.</summary>
    private static readonly TimeSpan DrainAtMost = TimeSpan.FromSeconds(3);

    private readonly IQuestionStore? _store;
    private readonly QuestionLogOptions _options;
    private readonly ILogger<QuestionLog> _logger;
    private readonly System.Threading.Channels.Channel<LogEntry> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _grace;
    private readonly RoleBotMetrics _metrics;
    private readonly int _capacity;
    private Task _writer = Task.CompletedTask;
    private int _waiting;

    public QuestionLog(IOptions<QuestionLogOptions> options, IOptions<DeliveryOptions> delivery, RoleBotMetrics metrics, ILogger<QuestionLog> logger)
    {
        _options = options.Value;
        _logger = logger;
        _grace = delivery.Value.GracePeriod;
        _store = _options.Questions ? QuestionStores.Create(_options.PostgreSql, _options.SqlitePath) : null;
        _capacity = Math.Max(1, _options.QueueCapacity);
        _queue = System.Threading.Channels.Channel.CreateBounded<LogEntry>(new System.Threading.Channels.BoundedChannelOptions(_capacity)
        {
            // Wait: TryWrite then says false when full (DropWrite would drop silently and say true).
            FullMode = System.Threading.Channels.BoundedChannelFullMode.Wait, SingleReader = true,
        });
        _metrics = metrics;
    }

    /// <summary>False when Log:Questions is off: no entries, and no feedback buttons on answers.</summary>
    public bool Enabled => _store is not null;

    /// <summary>"sqlite", "postgresql" or "off".</summary>
    public string Kind => _store?.Kind ?? "off";

    /// <summary>True once the store has answered; false while the database is away (reported by /readyz, never fatal).</summary>
    public bool Healthy { get; private set; }

    /// <summary>Logs an answered message; returns the answer's id (null when logging is off).</summary>
    /// <param name="conversation">The channel's conversation id, prefixed by the channel; hashed before it is stored.</param>
    public string? Answered(string channel, string? user, string? conversation, Answer answer, bool pressed = false)
    {
        if (!Enabled) return null;
        var now = DateTimeOffset.UtcNow;
        var id = AnswerIds.New(now);
        var kind = pressed ? "button" : answer.Understood.Command is not null ? "command" : "typed";
        Add(new QuestionAsked(now, id, channel, kind, user, conversation, LogText.Clean(answer.Question, SqlQuestionStore.MaxQuestionLength), answer.Intent.Id,
            answer.Roles, Math.Round(answer.Understood.Confidence, 4), answer.Reply.Cited,
            answer.Intent != Intent.Unknown && answer.Reply.Choices.Count == 0));
        return id;
    }

    /// <summary>The channel's id for the message that carried answer <paramref name="answerId"/>.</summary>
    public void Sent(string? answerId, string? conversation, string? messageId)
    {
        if (Enabled && answerId is not null && !string.IsNullOrEmpty(messageId))
            Add(new AnswerSent(DateTimeOffset.UtcNow, answerId, conversation, messageId));
    }

    public void Feedback(FeedbackGiven feedback)
    {
        if (Enabled) Add(feedback with { Text = feedback.Text is null ? null : LogText.Clean(feedback.Text, SqlQuestionStore.MaxFeedbackLength) });
    }

    private void Add(LogEntry entry)
    {
        if (_queue.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref _waiting);
            _metrics.QuestionLogWaiting.Add(1);
            _metrics.QuestionLogWrites.Add(1, Outcome("queued"));
        }
        else _metrics.QuestionLogWrites.Add(1, Outcome("dropped"));
    }

    private static KeyValuePair<string, object?> Outcome(string o) => new("outcome", o);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_store is null) _logger.LogInformation("Questions log: off (Log:Questions=false)");
        else _writer = Task.Run(() => WriteAsync(_store, _stop.Token));
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// After every other service has stopped (the replies' queues have drained, so their answers are
    /// logged too), what is queued is written for a few seconds; what is left is counted as dropped.
    /// </summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await Task.WhenAny(_writer, Task.Delay(_grace < DrainAtMost ? _grace : DrainAtMost, cancellationToken));
        await _stop.CancelAsync();
        try { await _writer; } catch (OperationCanceledException) { }
        var left = Volatile.Read(ref _waiting);
        if (left > 0)
        {
            _metrics.QuestionLogWrites.Add(left, Outcome("dropped"));
            _logger.LogWarning("Questions log: {Count} entries not written before shutdown", left);
        }
    }

    private async Task WriteAsync(IQuestionStore store, CancellationToken stop)
    {
        await UntilAsync(() => store.OpenAsync(stop), "open", stop);
        _logger.LogInformation("Questions log: {Kind}", store.Kind);
        var retention = DateTime.MinValue;
        var batch = new List<LogEntry>(BatchSize);
        while (await _queue.Reader.WaitToReadAsync(stop))
        {
            while (batch.Count < BatchSize && _queue.Reader.TryRead(out var entry)) batch.Add(entry);
            await UntilAsync(() => WriteBatchAsync(store, batch, stop), "write", stop);
            Interlocked.Add(ref _waiting, -batch.Count);
            _metrics.QuestionLogWaiting.Add(-batch.Count);
            var full = batch.Count == BatchSize;
            batch.Clear();
            if (DateTime.UtcNow - retention > RetentionEvery)
            {
                retention = DateTime.UtcNow;
                await DeleteOldAsync(store, stop);
            }
            // Gathering is for a queue with room: one backed up by an outage is written at once,
            // or what arrives during the pause would be dropped although the database is back.
            if (!full && !_queue.Reader.Completion.IsCompleted && _queue.Reader.Count < _capacity / 2) await Gathering(stop);
        }
    }

    /// <summary>Waits <see cref="Gather"/>, or less when the queue is completed for shutdown.</summary>
    private Task Gathering(CancellationToken stop) => Task.WhenAny(Task.Delay(Gather, stop), _queue.Reader.Completion);

    private async Task WriteBatchAsync(IQuestionStore store, List<LogEntry> batch, CancellationToken stop)
    {
        try
        {
            Count(batch, await store.WriteAsync(batch, stop), batch.Count);
        }
        catch (Exception e) when (!stop.IsCancellationRequested && store.IsBadEntry(e))
        {
            // One entry is bad: the rest go in one by one and only the bad one is dropped. Anything
            // else (the database away, full, read-only) goes back to the caller, which waits and
            // retries the whole batch.
            _logger.LogWarning("Questions log: a batch was refused ({Error}); writing its entries one by one", e.GetType().Name);
            foreach (var entry in batch)
            {
                try { Count([entry], await store.WriteAsync([entry], stop), 1); }
                catch (Exception again) when (!stop.IsCancellationRequested && store.IsBadEntry(again))
                {
                    _metrics.QuestionLogWrites.Add(1, Outcome("dropped"));
                    _logger.LogWarning("Questions log: dropped one {Entry} ({Error})", entry.GetType().Name, again.GetType().Name);
                }
            }
        }
    }

    private void Count(IReadOnlyList<LogEntry> written, IReadOnlyList<FeedbackOutcome> outcomes, int count)
    {
        _metrics.QuestionLogWrites.Add(count, Outcome("written"));
        // The store answers each feedback entry in order.
        foreach (var (entry, outcome) in written.OfType<FeedbackGiven>().Zip(outcomes))
        {
            if (outcome.Intent is null && !entry.Retried && entry.MessageId is not null)
            {
                // Its answer's message id (a Slack ts, a connector's id) may be a moment behind it,
                // from this replica's queue or another's.
                _ = Task.Delay(RetryUnmatchedAfter, _stop.Token).ContinueWith(_ => Add(entry with { Retried = true }), TaskContinuationOptions.OnlyOnRanToCompletion);
                continue;
            }
            if (outcome.Intent is not null && !outcome.Changed) continue; // words added to a reaction already counted
            _metrics.Feedback.Add(1, new KeyValuePair<string, object?>("reaction", Reactions.Name(outcome.Reaction)),
                new KeyValuePair<string, object?>("intent", outcome.Intent ?? "no_answer"));
        }
    }

    /// <summary>Retries <paramref name="action"/> with back-off while the database is away: one warning per outage.</summary>
    private async Task UntilAsync(Func<Task> action, string what, CancellationToken stop)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        var warned = false;
        while (true)
        {
            try
            {
                await action();
                if (warned) _logger.LogInformation("Questions log: the database is back; writing again");
                Healthy = true;
                return;
            }
            catch (QuestionLogException e)
            {
                // Written by a newer RoleBot: retrying cannot help; say so once, plainly.
                Healthy = false;
                _logger.LogError("Questions log: {Message} Nothing will be logged until then.", e.Message);
                await Task.Delay(Timeout.Infinite, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                Healthy = false;
                if (!warned) _logger.LogWarning("Questions log: cannot {What} the {Kind} database ({Error}); answers go on, entries wait (up to Log:QueueCapacity)", what, Kind, e.GetType().Name);
                warned = true;
                await Task.Delay(delay, stop);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            }
        }
    }

    private async Task DeleteOldAsync(IQuestionStore store, CancellationToken stop)
    {
        try
        {
            var deleted = await store.DeleteBeforeAsync(DateTimeOffset.UtcNow - TimeSpan.FromDays(_options.RetentionDays), stop);
            if (deleted > 0) _logger.LogInformation("Questions log: deleted {Count} questions older than {Days} days", deleted, _options.RetentionDays);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            _logger.LogWarning("Questions log: retention pass failed ({Error}); next try in an hour", e.GetType().Name);
        }
    }

    /// <remarks>The token source is left to the GC: the host may stop the service after disposing it.</remarks>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_store is not null) await _store.DisposeAsync();
    }
}
