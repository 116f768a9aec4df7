using System.Data.Common;
using System.Text.Json;

namespace RoleBot.Curation.QuestionLog;

/// <summary>
/// The questions log over ADO.NET: the statements are the same for SQLite and PostgreSQL; the two
/// stores differ only in how they connect and how they keep two replicas from migrating at once.
/// </summary>
public abstract class SqlQuestionStore : IQuestionStore
{
    /// <summary>Longer texts are cut: a question log is for reading, not for archiving pasted logs.</summary>
    public const int MaxQuestionLength = 2000, MaxFeedbackLength = 1000;

    /// <summary>How many of the newest questions feedback without any id is matched against.</summary>
    internal const int LatestAnswerWindow = 5000;

    private IdHasher? _hasher;

    public abstract string Kind { get; }

    protected abstract Task<DbConnection> ConnectAsync(CancellationToken ct);

    /// <summary>Begins the migration transaction, holding whatever lock keeps other replicas out until it ends.</summary>
    protected abstract Task<DbTransaction> BeginMigrationAsync(DbConnection connection, CancellationToken ct);

    public async Task OpenAsync(CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct);
        await using var tx = await BeginMigrationAsync(connection, ct);
        foreach (var statement in Schema.Bookkeeping.Split(';'))
            await ExecuteAsync(connection, tx, statement, ct);
        var current = Convert.ToInt32(await ScalarAsync(connection, tx, "SELECT COALESCE(MAX(version), 0) FROM rolebot_schema", ct) ?? 0);
        if (current > Schema.Latest)
            throw new QuestionLogException($"The questions log has schema version {current}, newer than this build's {Schema.Latest}; upgrade RoleBot.");
        for (var version = current + 1; version <= Schema.Latest; version++)
        {
            foreach (var statement in Schema.Migrations[version - 1]) await ExecuteAsync(connection, tx, statement, ct);
            await ExecuteAsync(connection, tx, "INSERT INTO rolebot_schema (version) VALUES (@v)", ct, ("v", version));
        }
        await ExecuteAsync(connection, tx, "INSERT INTO rolebot_settings (name, value) VALUES ('hash_key', @k) ON CONFLICT (name) DO NOTHING", ct, ("k", IdHasher.NewKey()));
        var key = (string)(await ScalarAsync(connection, tx, "SELECT value FROM rolebot_settings WHERE name = 'hash_key'", ct))!;
        await tx.CommitAsync(ct);
        _hasher = new IdHasher(Convert.FromBase64String(key));
    }

    private IdHasher Hasher => _hasher ?? throw new InvalidOperationException("OpenAsync first.");

    public async Task<IReadOnlyList<FeedbackOutcome>> WriteAsync(IReadOnlyList<LogEntry> entries, CancellationToken ct)
    {
        var outcomes = new List<FeedbackOutcome>();
        await using var connection = await ConnectAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // One prepared statement per kind of entry for the whole batch: a busy bot logs thousands a second.
        await using var statements = new Statements(connection, tx);
        foreach (var entry in entries)
        {
            switch (entry)
            {
                case QuestionAsked q:
                    await statements.ExecuteAsync("""
                        INSERT INTO questions (answer_id, asked_at, channel, kind, user_hash, conversation_hash, question, intent, roles, confidence, cited, answered)
                        VALUES (@id, @at, @channel, @kind, @user, @conversation, @question, @intent, @roles, @confidence, @cited, @answered)
                        ON CONFLICT (answer_id) DO NOTHING
                        """, ct,
                        ("id", q.AnswerId), ("at", q.Time.ToUnixTimeMilliseconds()), ("channel", q.Channel), ("kind", q.Kind),
                        ("user", Hasher.Hash(q.User)), ("conversation", Hasher.Hash(q.Conversation)), ("question", LogText.Clean(q.Question, MaxQuestionLength)),
                        ("intent", q.Intent), ("roles", JsonSerializer.Serialize(q.Roles)), ("confidence", q.Confidence),
                        ("cited", JsonSerializer.Serialize(q.Cited)), ("answered", q.Answered ? 1 : 0));
                    break;
                case AnswerSent s:
                    // A card replaced in place shows a new answer in the same message: the latest one counts.
                    await statements.ExecuteAsync("INSERT INTO answer_messages (message_key, answer_id) VALUES (@key, @id) ON CONFLICT (message_key) DO UPDATE SET answer_id = excluded.answer_id", ct,
                        ("key", MessageKey(s.Conversation, s.MessageId)), ("id", s.AnswerId));
                    break;
                case FeedbackGiven f:
                    outcomes.Add(await WriteFeedbackAsync(connection, tx, f, ct));
                    break;
            }
        }
        await tx.CommitAsync(ct);
        return outcomes;
    }

    private async Task<FeedbackOutcome> WriteFeedbackAsync(DbConnection connection, DbTransaction tx, FeedbackGiven f, CancellationToken ct)
    {
        (string Id, string Intent)? answer = null;
        if (f.AnswerId is { Length: > 0 } id)
            answer = await AnswerAsync(connection, tx, "SELECT answer_id, intent FROM questions WHERE answer_id = @p", id, ct);
        if (answer is null && f.MessageId is { Length: > 0 } message)
            answer = await AnswerAsync(connection, tx, """
                SELECT q.answer_id, q.intent FROM answer_messages m JOIN questions q ON q.answer_id = m.answer_id WHERE m.message_key = @p
                """, MessageKey(f.Conversation, message), ct);
        // Neither id given (the Agents Playground sends none): the latest answer in that conversation
        // among the last 5,000 questions of the day. The asked_at index is read from the newest row,
        // so the cost is bounded however busy the bot is, and feedback naming a conversation nobody
        // knows cannot make the single writer read a whole day of rows.
        if (answer is null && f.AnswerId is null && f.MessageId is null && f.Conversation is { Length: > 0 } conversation)
            answer = await AnswerAsync(connection, tx, $"""
                SELECT answer_id, intent FROM (
                    SELECT answer_id, intent, conversation_hash, asked_at FROM questions WHERE asked_at >= @since ORDER BY asked_at DESC LIMIT {LatestAnswerWindow}) recent
                WHERE conversation_hash = @p ORDER BY asked_at DESC LIMIT 1
                """, Hasher.Hash(conversation), ct, ("since", f.Time.AddDays(-1).ToUnixTimeMilliseconds()));
        if (answer is null) return new FeedbackOutcome(f.Reaction, null);
        // Counted once per person and reaction: text sent after a 👎 is the same 👎.
        var before = await ScalarAsync(connection, tx, "SELECT reaction FROM feedback WHERE answer_id = @id AND user_hash = @user", ct,
            ("id", answer.Value.Id), ("user", Hasher.Hash(f.User))) as string;
        // A changed reaction takes its own words (or none): old praise must not become a complaint.
        await ExecuteAsync(connection, tx, """
            INSERT INTO feedback (answer_id, user_hash, reaction, text, given_at) VALUES (@id, @user, @reaction, @text, @at)
            ON CONFLICT (answer_id, user_hash) DO UPDATE SET reaction = excluded.reaction,
                text = CASE WHEN excluded.reaction <> feedback.reaction THEN excluded.text ELSE COALESCE(excluded.text, feedback.text) END,
                given_at = excluded.given_at
            """, ct,
            ("id", answer.Value.Id), ("user", Hasher.Hash(f.User)), ("reaction", Reactions.Name(f.Reaction)),
            ("text", string.IsNullOrWhiteSpace(f.Text) ? null : LogText.Clean(f.Text.Trim(), MaxFeedbackLength)), ("at", f.Time.ToUnixTimeMilliseconds()));
        return new FeedbackOutcome(f.Reaction, answer.Value.Intent) { Changed = before != Reactions.Name(f.Reaction) };
    }

    private static async Task<(string, string)?> AnswerAsync(DbConnection connection, DbTransaction tx, string sql, string parameter, CancellationToken ct,
        params (string Name, object? Value)[] more)
    {
        await using var command = Command(connection, tx, sql, [("p", parameter), .. more]);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    private string MessageKey(string? conversation, string messageId) => Hasher.Hash((conversation ?? "") + "\n" + messageId);

    public async Task<int> DeleteBeforeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var at = ("at", (object?)cutoff.ToUnixTimeMilliseconds());
        const string old = "SELECT answer_id FROM questions WHERE asked_at < @at";
        await ExecuteAsync(connection, tx, $"DELETE FROM feedback WHERE answer_id IN ({old})", ct, at);
        await ExecuteAsync(connection, tx, $"DELETE FROM answer_messages WHERE answer_id IN ({old})", ct, at);
        var deleted = await ExecuteAsync(connection, tx, "DELETE FROM questions WHERE asked_at < @at", ct, at);
        await tx.CommitAsync(ct);
        return deleted;
    }

    public async Task<IReadOnlyList<LoggedQuestion>> ReadSinceAsync(DateTimeOffset since, CancellationToken ct)
    {
        await using var connection = await ConnectAsync(ct);
        var at = ("at", (object?)since.ToUnixTimeMilliseconds());
        var feedback = new Dictionary<string, List<LoggedFeedback>>(StringComparer.Ordinal);
        await using (var command = Command(connection, null, """
            SELECT f.answer_id, f.reaction, f.text, f.given_at, f.user_hash FROM feedback f JOIN questions q ON q.answer_id = f.answer_id
            WHERE q.asked_at >= @at ORDER BY f.given_at
            """, at))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetString(0);
                if (!feedback.TryGetValue(id, out var list)) feedback[id] = list = [];
                list.Add(new LoggedFeedback(Reactions.Parse(reader.GetString(1)) ?? Reaction.Dislike, reader.IsDBNull(2) ? null : reader.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetString(4)));
            }

        var questions = new List<LoggedQuestion>();
        await using (var command = Command(connection, null, """
            SELECT answer_id, asked_at, channel, kind, user_hash, conversation_hash, question, intent, roles, confidence, cited, answered
            FROM questions WHERE asked_at >= @at ORDER BY asked_at, answer_id
            """, at))
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetString(0);
                questions.Add(new LoggedQuestion(id, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                    JsonSerializer.Deserialize<string[]>(reader.GetString(8)) ?? [], reader.GetDouble(9),
                    JsonSerializer.Deserialize<string[]>(reader.GetString(10)) ?? [], reader.GetInt32(11) != 0)
                { Feedback = feedback.TryGetValue(id, out var f) ? f : [] });
            }
        return questions;
    }

    /// <summary>Commands kept for one transaction and run again with new values.</summary>
    private sealed class Statements(DbConnection connection, DbTransaction tx) : IAsyncDisposable
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public async Task ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
        {
            // Run again with the same parameters in the same order: set by position.
            if (_commands.TryGetValue(sql, out var command))
                for (var i = 0; i < parameters.Length; i++) command.Parameters[i].Value = parameters[i].Value ?? DBNull.Value;
            else
            {
                _commands[sql] = command = Command(connection, tx, sql, parameters);
                await command.PrepareAsync(ct);
            }
            await command.ExecuteNonQueryAsync(ct);
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values) await command.DisposeAsync();
        }
    }

    protected static DbCommand Command(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            // Named with the prefix the SQL uses: unprefixed, Microsoft.Data.Sqlite looks each one up
            // three times ("@", "$", ":") on every execution. Npgsql takes either.
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    protected static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        if (string.IsNullOrWhiteSpace(sql)) return 0;
        await using var command = Command(connection, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    protected static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    public abstract bool IsBadEntry(Exception error);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
