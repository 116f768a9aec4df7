using System.Text.RegularExpressions;

namespace RoleBot.Knowledge;

/// <summary>
/// Recognises the chrome that saved web articles carry: navigation and skip links, sign-in and
/// comment prompts, share/follow/subscribe buttons, reading times, comment counts, "read more"
/// teasers and series footers. Lines that are chrome are dropped; an end marker (the comment section,
/// "others also viewed", a series footer) drops everything after it, since what follows is other
/// people's comments or teasers for other articles.
/// </summary>
public static partial class Boilerplate
{
    public static List<string> Strip(IEnumerable<string> lines)
    {
        var kept = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (EndOfArticle().IsMatch(line)) break;
            if (IsChrome(line) || IsByline(line)) continue;
            var scrubbed = InlineChrome().Replace(raw, "").TrimEnd();
            if (scrubbed.Trim().Length == 0 && line.Length > 0) continue;
            kept.Add(scrubbed);
        }
        return kept;
    }

    public static bool IsChrome(string line) => Chrome().IsMatch(line.Trim());

    /// <summary>True when a line is part of the page rather than the article (also used by tests).</summary>
    public static bool EndsArticle(string line) => EndOfArticle().IsMatch(line.Trim());

    [GeneratedRegex(
        @"^(skip to (main )?content|command palette|search for a command to run\.*|search|menu|home|sign in|sign up|log ?in|register|subscribe( now)?|follow|unfollow|share( this( post| article)?)?|like|reply|report( abuse)?|copy link|updated|published|save|bookmark|more|read more\W*|continue reading\W*|see more\W*|show more\W*|load more\W*|explore topics|explore content categories|advertisement|cookie (settings|preferences)|accept( all)?( cookies)?|\d+\s*min(ute)?s? read|\d+\s*(likes?|comments?|reactions?|shares?|views?|followers?)|top comments\s*\(\d+\)|comments?\s*\(\d+\)|[A-Z]|back to top|next|previous|table of contents|tags?:.*|posted (on|in) .*|written by .*|(to view or add a comment|sign in to (comment|view|reply)).*|.*\b(drop|leave) a comment\b.*|let.s discuss in the comments\W*|follow (me|us) (on|for) .*|share (this|your thoughts).*|.*\bpro tips?, check the (below|following) links\W*|part \d+ of \d+|start from the beginning|<figure>|</figure>|<img [^>]*>)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Chrome();

    /// <summary>An author bio or breadcrumb: several "|" separated fragments and no sentence.</summary>
    private static bool IsByline(string line) =>
        line.Count(c => c == '|') >= 2 && !line.StartsWith('|') && !line.Contains(". ");

    [GeneratedRegex(@"\s*(let.s discuss (it )?in the comments|(drop|leave) a comment[^.!?]*|pro tips?, check the (below|following) links)[.!?…]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InlineChrome();

    [GeneratedRegex(
        @"^(thanks for reading\W*.*|top comments( \(\d+\))?|\d+ comments?|comments|others also viewed|more from (this|the) (author|series)|related (articles|posts)|you might also like|recommended (for you|articles|posts)|more articles|part \d+ of \d+|to view or add a comment, sign in|explore content categories)$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndOfArticle();
}
