namespace RoleBot.Curation.QuestionLog;

/// <summary>
/// The log's tables, as numbered migrations applied in order at start-up. The DDL is written in the
/// types SQLite and PostgreSQL both accept (SQLite maps BIGINT and DOUBLE PRECISION to its own
/// affinities), so both stores run the same statements. Times are Unix milliseconds, UTC.
/// A new version is appended here, never edited in place.
/// </summary>
public static class Schema
{
    public static readonly IReadOnlyList<string[]> Migrations =
    [
        // 1: questions, the channel messages that carried their answers, and feedback on them.
        [
            """
            CREATE TABLE questions (
                answer_id         TEXT PRIMARY KEY,
                asked_at          BIGINT NOT NULL,
                channel           TEXT NOT NULL,
                kind              TEXT NOT NULL,
                user_hash         TEXT NOT NULL,
                conversation_hash TEXT NOT NULL,
                question          TEXT NOT NULL,
                intent            TEXT NOT NULL,
                roles             TEXT NOT NULL,
                confidence        DOUBLE PRECISION NOT NULL,
                cited             TEXT NOT NULL,
                answered          INTEGER NOT NULL)
            """,
            "CREATE INDEX questions_asked_at ON questions (asked_at)",
            "CREATE INDEX questions_conversation ON questions (conversation_hash, asked_at)",
            """
            CREATE TABLE answer_messages (
                message_key TEXT PRIMARY KEY,
                answer_id   TEXT NOT NULL)
            """,
            "CREATE INDEX answer_messages_answer ON answer_messages (answer_id)",
            """
            CREATE TABLE feedback (
                answer_id TEXT NOT NULL,
                user_hash TEXT NOT NULL,
                reaction  TEXT NOT NULL,
                text      TEXT,
                given_at  BIGINT NOT NULL,
                PRIMARY KEY (answer_id, user_hash))
            """,
        ],
        // 2: no index by conversation. Conversation hashes are random, so that index cost a random
        // B-tree insert per question (more than half of the writer's time at thousands a second);
        // the one query that used it (feedback that names no answer) now walks asked_at backwards.
        [
            "DROP INDEX IF EXISTS questions_conversation",
        ],
    ];

    /// <summary>Created before any migration: which versions ran, and settings such as the hashing key.</summary>
    public const string Bookkeeping = """
        CREATE TABLE IF NOT EXISTS rolebot_schema (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS rolebot_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)
        """;

    public static int Latest => Migrations.Count;
}

/// <summary>A log this build cannot use (written by a newer RoleBot): a message for the operator, not a bug.</summary>
public sealed class QuestionLogException(string message) : Exception(message);
