using System.Text.RegularExpressions;

namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// Removes the bot's own @mention from a Teams message: for each mention entity that names the
/// recipient, its <c>text</c> (e.g. "&lt;at&gt;RoleBot&lt;/at&gt;") is cut out of the message, as the
/// Bot Framework SDK's RemoveRecipientMention does. Mentions of other people stay.
/// </summary>
public static class MentionText
{
    public static string StripBotMention(Activity activity)
    {
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;
        foreach (var entity in activity.Entities ?? [])
        {
            string? mentionedId = null, mentionedName = null, mentionText = null;
            try
            {
                if (entity is null || !string.Equals((string?)entity["type"], "mention", StringComparison.OrdinalIgnoreCase)) continue;
                mentionedId = (string?)entity["mentioned"]?["id"];
                mentionedName = (string?)entity["mentioned"]?["name"];
                mentionText = (string?)entity["text"];
            }
            catch (InvalidOperationException) { continue; } // a field of an unexpected JSON type
            if (botId is null || mentionedId != botId) continue;
            var remove = mentionText ?? (mentionedName is null ? null : $"<at>{mentionedName}</at>");
            if (!string.IsNullOrEmpty(remove))
                text = Regex.Replace(text, Regex.Escape(remove), " ", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }
        return text.Trim();
    }
}
