using System.Security.Cryptography;
using System.Text;

namespace RoleBot.Curation.QuestionLog;

/// <summary>
/// Keyed hashes of user and conversation ids (HMAC-SHA256, 128 bits shown): the same person or
/// conversation always maps to the same value, so the report can count and join, but the log
/// never holds an id a reader could look up. The key is made at random when a database is first
/// created and lives in it, so every replica writing there agrees and nobody has to configure one.
/// </summary>
public sealed class IdHasher(byte[] key)
{
    public string Hash(string? id)
    {
        if (string.IsNullOrEmpty(id)) return "";
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(id));
        return Convert.ToHexStringLower(mac, 0, 16);
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
