using System.Security.Cryptography;

namespace RoleBot.Curation.QuestionLog;

/// <summary>
/// An answer's id: the time in milliseconds (12 hex digits) then 64 random bits. Ids made later sort
/// later, so the log's primary key grows at one end of its B-tree instead of touching a random page
/// per question (with random ids the writer spent most of its time rewriting index pages); the
/// random half keeps ids unguessable and unique across replicas.
/// </summary>
public static class AnswerIds
{
    public static string New(DateTimeOffset time) =>
        time.ToUnixTimeMilliseconds().ToString("x12") + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
