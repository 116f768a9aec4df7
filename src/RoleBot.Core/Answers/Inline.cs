namespace RoleBot.Answers;

/// <summary>
/// A piece of a line that each renderer draws in its channel's own way, so no renderer's output is
/// edited afterwards: a person (<see cref="Mention"/>), a link, a chat channel, or plain text.
/// </summary>
public abstract record Inline
{
    public static implicit operator Inline(string text) => new TextRun(text);

    /// <summary>The line as plain words (a terminal, a notification, a length budget).</summary>
    public static string Plain(IEnumerable<Inline> line) => string.Concat(line.Select(i => i switch
    {
        TextRun t => t.Text,
        Mention m => "@" + m.Name,
        Link l => $"{l.Text} ({l.Url})",
        ChannelRef c => c.Name,
        _ => "",
    }));
}

public sealed record TextRun(string Text) : Inline;

/// <summary>A person: Teams <c>&lt;at&gt;</c> with its mention entity, Slack <c>&lt;@U…&gt;</c>, "@Name" elsewhere.</summary>
public sealed record Mention(string Id, string Name) : Inline;

/// <summary>A web link: Markdown <c>[text](url)</c>, Slack <c>&lt;url|text&gt;</c>.</summary>
public sealed record Link(string Text, string Url) : Inline
{
    /// <summary>An http(s) URL with nothing in it that would end a renderer's link syntax early; others are drawn as text.</summary>
    public bool IsSafe =>
        Uri.TryCreate(Url, UriKind.Absolute, out var u) && u.Scheme is "https" or "http" && Url.IndexOfAny(['<', '>', '|', ' ', '\n', '"', ')']) < 0;
}

/// <summary>Where to ask: "#sre-help", or a Slack <c>&lt;#C…&gt;</c> link when the channel's id is known.</summary>
public sealed record ChannelRef(string Name, string? SlackId = null) : Inline;
