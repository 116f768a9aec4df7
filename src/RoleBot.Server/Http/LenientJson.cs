using System.Text;
using System.Text.Unicode;

namespace RoleBot.Server.Http;

/// <summary>
/// Makes a channel's JSON readable by System.Text.Json when its only fault is broken text: a message
/// cut off in the middle of an emoji arrives as an unpaired surrogate escape (<c>"hi \ud83d"</c>) or as
/// a truncated UTF-8 sequence, and System.Text.Json refuses to read either as a string. Both become
/// U+FFFD, so the message is answered instead of rejected. Anything else (bad syntax, wrong types) is
/// left for the parser to refuse.
/// </summary>
public static class LenientJson
{
    private static readonly byte[] Replacement = "\\uFFFD"u8.ToArray();

    /// <summary>
    /// <paramref name="json"/> itself when it needs no repair (the usual case: nothing is copied);
    /// otherwise a copy with invalid UTF-8 and unpaired <c>\uD800</c>–<c>\uDFFF</c> escapes replaced by U+FFFD.
    /// </summary>
    public static byte[] Repair(byte[] json)
    {
        if (!Utf8.IsValid(json)) json = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(json)); // U+FFFD for each bad sequence
        return RepairSurrogateEscapes(json);
    }

    /// <summary>The same for JSON that arrived as text (a form field, a WebSocket message).</summary>
    public static byte[] Repair(string json) => RepairSurrogateEscapes(Encoding.UTF8.GetBytes(json));

    private static byte[] RepairSurrogateEscapes(byte[] json)
    {
        MemoryStream? output = null;
        int copied = 0, i = 0;
        while (i < json.Length)
        {
            if (json[i] != (byte)'\\') { i++; continue; }
            // A backslash only starts an escape inside a string; the byte after it is part of the escape,
            // so "\\ud83d" (an escaped backslash, then text) is never taken for a surrogate.
            if (!TryEscapedUnit(json, i, out var unit)) { i += 2; continue; }
            var unpaired = char.IsLowSurrogate((char)unit) ||
                           char.IsHighSurrogate((char)unit) && !(TryEscapedUnit(json, i + 6, out var next) && char.IsLowSurrogate((char)next));
            if (!unpaired)
            {
                i += char.IsHighSurrogate((char)unit) ? 12 : 6;
                continue;
            }
            output ??= new MemoryStream(json.Length);
            output.Write(json, copied, i - copied);
            output.Write(Replacement);
            i += 6;
            copied = i;
        }
        if (output is null) return json;
        output.Write(json, copied, json.Length - copied);
        return output.ToArray();
    }

    /// <summary>The UTF-16 unit of a <c>\uXXXX</c> escape at <paramref name="at"/>.</summary>
    private static bool TryEscapedUnit(byte[] json, int at, out int unit)
    {
        unit = 0;
        if (at + 6 > json.Length || json[at] != (byte)'\\' || json[at + 1] != (byte)'u') return false;
        for (var k = at + 2; k < at + 6; k++)
        {
            var digit = HexValue(json[k]);
            if (digit < 0) return false;
            unit = unit * 16 + digit;
        }
        return true;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
