using Npgsql;
using RoleBot.Curation.QuestionLog;
using RoleBot.Server.Tests.SharedState;

namespace RoleBot.Server.Tests.Curation;

/// <summary>One real PostgreSQL server for the store tests; each test gets a database of its own.</summary>
public sealed class PostgresDatabases : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public async Task<string> NewDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(Server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Database = name }.ConnectionString;
    }
}

/// <summary>
/// The same behaviour from both stores, against a real SQLite file and a real PostgreSQL server:
/// the schema is made and migrated at start-up, feedback finds its answer however the channel
/// names it, retention deletes old rows with their feedback, and ids are only ever hashes.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class QuestionStoreTests(PostgresDatabases postgres) : IClassFixture<PostgresDatabases>
{
    public static TheoryData<string> Kinds => new() { "sqlite", "postgresql" };

    private async Task<IQuestionStore> OpenAsync(string kind)
    {
        IQuestionStore store = kind == "sqlite"
            ? new SqliteQuestionStore(Path.Combine(Path.GetTempPath(), "rolebot-tests", $"store-{Guid.NewGuid():N}.db"))
            : new PostgresQuestionStore(await postgres.NewDatabaseAsync());
        await store.OpenAsync(CancellationToken.None);
        return store;
    }

    private static QuestionAsked Asked(string id, string question, string intent = "define", string conversation = "bf:msteams:19:c", DateTimeOffset? at = null, bool answered = true) =>
        new(at ?? DateTimeOffset.UtcNow, id, "msteams", "typed", "user-1", conversation, question, intent, ["sre"], 0.91, ["roles/sre.md#What an SRE does"], answered);

    private static FeedbackGiven Feedback(Reaction reaction, string? answerId = null, string? messageId = null, string? text = null, string conversation = "bf:msteams:19:c", string user = "user-1") =>
        new(DateTimeOffset.UtcNow, "msteams", user, conversation, answerId, messageId, reaction, text);

    [Theory, MemberData(nameof(Kinds))]
    public async Task Feedback_finds_its_answer_by_our_id_by_the_channels_message_id_or_as_the_latest_in_the_conversation(string kind)
    {
        await using var store = await OpenAsync(kind);
        var older = DateTimeOffset.UtcNow.AddMinutes(-5);
        var outcomes = await store.WriteAsync([
            Asked("a1", "what does an SRE do?", at: older),
            Asked("a2", "who owns the pipelines?", intent: "who", at: older.AddMinutes(1)),
            Asked("a3", "is github down?", intent: "unknown", conversation: "bf:msteams:19:other", answered: false),
            new AnswerSent(DateTimeOffset.UtcNow, "a1", "bf:msteams:19:c", "1:message-one"),
            Feedback(Reaction.Like, answerId: "a2"),
            Feedback(Reaction.Dislike, messageId: "1:message-one", text: "too long"),
            Feedback(Reaction.Dislike, conversation: "bf:msteams:19:other", user: "user-2"),
            Feedback(Reaction.Like, answerId: "nope"),
        ], CancellationToken.None);

        Assert.Equal(["who", "define", "unknown", null], outcomes.Select(o => o.Intent));
        var rows = (await store.ReadSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None)).ToDictionary(r => r.AnswerId);
        Assert.Equal(["a1", "a2", "a3"], rows.Keys.Order());
        Assert.Equal(("dislike", "too long"), (Reactions.Name(rows["a1"].Feedback.Single().Reaction), rows["a1"].Feedback.Single().Text));
        Assert.Equal(Reaction.Like, rows["a2"].Feedback.Single().Reaction);
        Assert.Equal(Reaction.Dislike, rows["a3"].Feedback.Single().Reaction);
        Assert.False(rows["a3"].Answered);
        Assert.Equal(["sre"], rows["a1"].Roles);
        Assert.Equal(["roles/sre.md#What an SRE does"], rows["a1"].Cited);
        Assert.NotEqual("user-1", rows["a1"].UserHash);
        Assert.Equal(rows["a1"].UserHash, rows["a2"].UserHash); // the same person, counted once
    }

    /// <summary>
    /// A full batch as a busy bot writes it (one transaction, statements reused with new values):
    /// every row arrives with its own values, a repeated id is kept once, and feedback in the middle
    /// finds a question written earlier in the same batch.
    /// </summary>
    [Theory, MemberData(nameof(Kinds))]
    public async Task A_busy_batch_of_questions_is_written_whole_and_in_order(string kind)
    {
        await using var store = await OpenAsync(kind);
        var at = DateTimeOffset.UtcNow.AddMinutes(-10);
        List<LogEntry> batch = [.. Enumerable.Range(0, 120).Select(i => Asked($"q{i:D3}", $"question {i}", intent: i % 2 == 0 ? "define" : "who", at: at.AddMilliseconds(i)))];
        batch.Add(Feedback(Reaction.Like, answerId: "q077"));
        batch.Add(Asked("q007", "the same id again", at: at));
        batch.AddRange(Enumerable.Range(120, 60).Select(i => Asked($"q{i:D3}", $"question {i}", at: at.AddMilliseconds(i))));

        var outcomes = await store.WriteAsync(batch, CancellationToken.None);

        Assert.Equal("who", outcomes.Single().Intent);
        var rows = await store.ReadSinceAsync(at.AddMinutes(-1), CancellationToken.None);
        Assert.Equal(Enumerable.Range(0, 180).Select(i => $"q{i:D3}"), rows.Select(r => r.AnswerId));
        Assert.All(rows, r => Assert.Equal($"question {int.Parse(r.AnswerId[1..])}", r.Question));
        Assert.Equal(Reaction.Like, rows.Single(r => r.AnswerId == "q077").Feedback.Single().Reaction);
        Assert.Equal("who", rows.Single(r => r.AnswerId == "q119").Intent);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Feedback_that_names_no_answer_goes_to_the_conversations_latest_answer_of_the_last_day_only(string kind)
    {
        await using var store = await OpenAsync(kind);
        var now = DateTimeOffset.UtcNow;
        await store.WriteAsync([
            Asked("old", "what is toil?", conversation: "bf:playground:1", at: now.AddDays(-2)),
            Asked("a1", "what does an SRE do?", conversation: "bf:playground:2", at: now.AddMinutes(-3)),
            Asked("a2", "and their tools?", intent: "tools", conversation: "bf:playground:2", at: now.AddMinutes(-2)),
            // Newer answers elsewhere are passed over on the way back.
            .. Enumerable.Range(0, 50).Select(i => Asked($"x{i}", "what is an SLO?", intent: "concept", conversation: $"bf:other:{i}", at: now.AddMinutes(-1))),
        ], CancellationToken.None);

        var outcomes = await store.WriteAsync([
            Feedback(Reaction.Like, conversation: "bf:playground:2"),
            Feedback(Reaction.Dislike, conversation: "bf:playground:1"),
        ], CancellationToken.None);

        Assert.Equal(["tools", null], outcomes.Select(o => o.Intent));
        var rows = (await store.ReadSinceAsync(now.AddDays(-3), CancellationToken.None)).ToDictionary(r => r.AnswerId);
        Assert.Equal(Reaction.Like, rows["a2"].Feedback.Single().Reaction);
        Assert.Empty(rows["a1"].Feedback);
        Assert.Empty(rows["old"].Feedback); // two days on, a 👎 with no id is not pinned on an old answer

        // Only the newest questions are searched: behind 5,000 newer ones, the conversation is not found.
        await store.WriteAsync([.. Enumerable.Range(0, 5000).Select(i => Asked($"y{i}", "what is toil?", conversation: $"bf:busy:{i}", at: now))], CancellationToken.None);
        Assert.Null((await store.WriteAsync([Feedback(Reaction.Dislike, conversation: "bf:playground:2")], CancellationToken.None)).Single().Intent);
    }

    [Fact]
    public async Task A_log_made_by_the_first_schema_is_migrated_and_keeps_its_rows()
    {
        var path = Path.Combine(Path.GetTempPath(), "rolebot-tests", $"store-v1-{Guid.NewGuid():N}.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var v1 = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=false"))
        {
            await v1.OpenAsync();
            foreach (var sql in Schema.Bookkeeping.Split(';').Concat(Schema.Migrations[0]).Append("INSERT INTO rolebot_schema (version) VALUES (1)")
                         .Append("INSERT INTO questions VALUES ('a1', 1, 'msteams', 'typed', 'u', 'c', 'what is toil?', 'concept', '[]', 0.9, '[]', 1)"))
            {
                await using var command = v1.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }
        }

        await using var store = new SqliteQuestionStore(path);
        await store.OpenAsync(CancellationToken.None);
        Assert.Equal("what is toil?", (await store.ReadSinceAsync(DateTimeOffset.UnixEpoch, CancellationToken.None)).Single().Question);
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=false");
        await check.OpenAsync();
        await using var indexes = check.CreateCommand();
        indexes.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'questions_conversation'";
        Assert.Equal(0L, await indexes.ExecuteScalarAsync());
        indexes.CommandText = "SELECT MAX(version) FROM rolebot_schema";
        Assert.Equal((long)Schema.Latest, await indexes.ExecuteScalarAsync());
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Text_given_after_a_thumbs_down_joins_it_and_a_later_reaction_replaces_it(string kind)
    {
        await using var store = await OpenAsync(kind);
        await store.WriteAsync([Asked("a1", "what is toil?")], CancellationToken.None);
        await store.WriteAsync([Feedback(Reaction.Dislike, answerId: "a1")], CancellationToken.None);
        await store.WriteAsync([Feedback(Reaction.Dislike, answerId: "a1", text: new string('x', 5000))], CancellationToken.None);
        var given = (await store.ReadSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None)).Single().Feedback.Single();
        Assert.Equal(SqlQuestionStore.MaxFeedbackLength, given.Text!.Length);

        var changed = await store.WriteAsync([Feedback(Reaction.Like, answerId: "a1")], CancellationToken.None);
        given = (await store.ReadSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None)).Single().Feedback.Single();
        Assert.Equal(Reaction.Like, given.Reaction);
        Assert.Null(given.Text); // the complaint went with the 👎: praise must not be quoted as one, nor the reverse
        Assert.True(changed.Single().Changed);
        // The same reaction again with words is not a second reaction (the metric counts it once).
        Assert.False((await store.WriteAsync([Feedback(Reaction.Like, answerId: "a1", text: "great")], CancellationToken.None)).Single().Changed);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task A_question_with_NUL_and_an_emoji_at_the_cut_is_stored_on_both_databases(string kind)
    {
        await using var store = await OpenAsync(kind);
        // Without the NUL, the emoji's first half is the 2,000th character: it goes, not half of it.
        var padding = new string('x', SqlQuestionStore.MaxQuestionLength - 14);
        await store.WriteAsync([Asked("a1", "what is \0toil " + padding + "😀 tail")], CancellationToken.None);
        var stored = (await store.ReadSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None)).Single().Question;
        Assert.Equal("what is toil " + padding, stored);
        Assert.False(char.IsHighSurrogate(stored[^1]));
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Retention_deletes_old_questions_with_their_feedback_and_keeps_the_rest(string kind)
    {
        await using var store = await OpenAsync(kind);
        await store.WriteAsync([
            Asked("old", "what is an SLO?", at: DateTimeOffset.UtcNow.AddDays(-120)),
            Asked("new", "what is an SLI?"),
            Feedback(Reaction.Dislike, answerId: "old"),
            new AnswerSent(DateTimeOffset.UtcNow, "old", "bf:msteams:19:c", "m-old"),
        ], CancellationToken.None);
        Assert.Equal(1, await store.DeleteBeforeAsync(DateTimeOffset.UtcNow.AddDays(-90), CancellationToken.None));
        var rows = await store.ReadSinceAsync(DateTimeOffset.MinValue.AddYears(1970), CancellationToken.None);
        Assert.Equal("new", Assert.Single(rows).AnswerId);
        // A message id of a deleted answer finds nothing any more.
        Assert.Null((await store.WriteAsync([Feedback(Reaction.Like, messageId: "m-old")], CancellationToken.None)).Single().Intent);
    }

    [Theory, MemberData(nameof(Kinds))]
    public async Task Opening_again_keeps_every_row_and_the_hashing_key(string kind)
    {
        await using var store = await OpenAsync(kind);
        await store.WriteAsync([Asked("a1", "what is a runbook?")], CancellationToken.None);
        var before = (await store.ReadSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None)).Single();
        await store.OpenAsync(CancellationToken.None); // a restart migrates nothing and changes no key
        await store.WriteAsync([Asked("a2", "what is a postmortem?")], CancellationToken.None);
        var rows = await store.ReadSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);
        Assert.Equal(2, rows.Count);
        Assert.Equal(before.UserHash, rows.Single(r => r.AnswerId == "a2").UserHash);
    }

    [Fact]
    public async Task Replicas_starting_together_migrate_one_PostgreSQL_database_once()
    {
        var database = await postgres.NewDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => new PostgresQuestionStore(database)).ToList();
        await Task.WhenAll(stores.Select(s => s.OpenAsync(CancellationToken.None)));
        await stores[0].WriteAsync([Asked("a1", "what is SRE?")], CancellationToken.None);
        await stores[3].WriteAsync([Feedback(Reaction.Like, answerId: "a1")], CancellationToken.None);
        Assert.Equal(Reaction.Like, (await stores[2].ReadSinceAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None)).Single().Feedback.Single().Reaction);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM rolebot_schema", connection);
        Assert.Equal((long)Schema.Latest, await count.ExecuteScalarAsync());
        foreach (var s in stores) await s.DisposeAsync();
    }
}
