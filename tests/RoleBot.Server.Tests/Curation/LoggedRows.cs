using RoleBot.Curation.QuestionLog;

namespace RoleBot.Server.Tests.Curation;

/// <summary>What a server's questions log holds, read the way `rolebot report` reads it.</summary>
internal static class LoggedRows
{
    /// <summary>Reads the log until <paramref name="until"/> holds (the writer is asynchronous), or fails the test.</summary>
    public static async Task<IReadOnlyList<LoggedQuestion>> WaitAsync(IQuestionStore store, Func<IReadOnlyList<LoggedQuestion>, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        IReadOnlyList<LoggedQuestion> rows = [];
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await store.OpenAsync(CancellationToken.None);
                rows = await store.ReadSinceAsync(DateTimeOffset.UtcNow.AddDays(-1), CancellationToken.None);
                if (until(rows)) return rows;
            }
            catch (Exception e) { last = e; }
            await Task.Delay(100);
        }
        Assert.Fail($"The questions log never got there. It holds {rows.Count} question(s): " +
                    string.Join("; ", rows.Select(r => $"{r.Question} [{r.Intent}] feedback {string.Join(",", r.Feedback.Select(f => $"{f.Reaction}:{f.Text}"))}")) +
                    (last is null ? "" : $" (last error: {last.Message})"));
        return rows;
    }

    public static async Task<IReadOnlyList<LoggedQuestion>> WaitAsync(string sqlitePath, Func<IReadOnlyList<LoggedQuestion>, bool> until, TimeSpan? timeout = null)
    {
        await using var store = new SqliteQuestionStore(sqlitePath);
        return await WaitAsync(store, until, timeout);
    }
}
