using System.Text.RegularExpressions;

namespace RoleBot.Curation.QuestionLog;

/// <summary>
/// What of a person's text the log may keep: other people and channels named in it become
/// placeholders (the log holds no one's id or name), NUL is removed (PostgreSQL refuses it), and
/// the text is cut without splitting an emoji, before it is even queued.
/// </summary>
public static partial class LogText
{
    public static string Clean(string? text, int max)
    {
        var s = Mentions().Replace(text ?? "", m => m.Value.StartsWith("<#") ? "#channel" : "@someone").Replace("\0", "");
        if (s.Length <= max) return s;
        var cut = char.IsHighSurrogate(s[max - 1]) ? max - 1 : max;
        return s[..cut];
    }

    /// <summary>Teams' &lt;at&gt;Name&lt;/at&gt;; Slack's &lt;@U…&gt;, &lt;@U…|name&gt;, &lt;#C…|name&gt;, &lt;!subteam^…&gt;.</summary>
    [GeneratedRegex(@"<at>.*?</at>|<[@#][A-Z0-9]+(\|[^>]*)?>|<!subteam\^[^>]*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Mentions();
}
