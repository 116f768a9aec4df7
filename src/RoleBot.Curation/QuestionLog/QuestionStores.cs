namespace RoleBot.Curation.QuestionLog;

/// <summary>Which store a configuration asks for: PostgreSQL when a connection string is given, else the SQLite file.</summary>
public static class QuestionStores
{
    /// <param name="postgres">Log:PostgreSql, a connection string.</param>
    /// <param name="sqlitePath">Log:SqlitePath; default <see cref="SqliteQuestionStore.DefaultPath"/>.</param>
    public static IQuestionStore Create(string? postgres, string? sqlitePath) =>
        !string.IsNullOrWhiteSpace(postgres)
            ? new PostgresQuestionStore(postgres)
            : new SqliteQuestionStore(string.IsNullOrWhiteSpace(sqlitePath) ? SqliteQuestionStore.DefaultPath() : sqlitePath);
}
