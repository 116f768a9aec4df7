using System.Security.Cryptography;
using System.Text;

namespace RoleBot.Server.Channels.Slack;

/// <summary>
/// Slack's request signing (v0): HMAC-SHA256 of <c>v0:{timestamp}:{raw body}</c> with the signing
/// secret, compared in constant time, on the raw bytes before anything parses them. Requests older
/// or newer than five minutes are refused so a captured request cannot be replayed.
/// </summary>
public static class SlackSignature
{
    public static string Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), message);
        return "v0=" + Convert.ToHexStringLower(mac);
    }

    public static bool IsValid(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan maxSkew)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)) return false;
        if (!long.TryParse(timestamp, out var seconds)) return false;
        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if ((now - sent).Duration() > maxSkew) return false;
        var expected = Encoding.ASCII.GetBytes(Compute(signingSecret, timestamp, body));
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
