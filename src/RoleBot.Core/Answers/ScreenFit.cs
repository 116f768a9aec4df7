using RoleBot.Text;

namespace RoleBot.Answers;

/// <summary>
/// An answer that fits a phone screen: the short answer, then at most three sections, about 1,200
/// characters in all. Bullets go first where they share the fewest words with the question, so the
/// bullet that answers it ("soft skills", "backend developers move into SRE") is the last to go;
/// "in detail" skips all this.
/// </summary>
public static class ScreenFit
{
    public const int Budget = 1200;
    public const int MaxSections = 3;

    public static Reply Apply(Reply reply, string question, int budget = Budget)
    {
        if (reply.Table is not null || reply.Choices.Count > 0) return reply;
        var sections = reply.Sections.Take(MaxSections).Select(s => new Section(s.Heading, s.Text, s.Bullets.ToList(), s.Lines)).ToList();
        var asked = Words.Tokenize(question).Where(w => w.Length >= 4).Select(Stem).ToHashSet();
        int Relevance(string bullet) => Words.Tokenize(bullet).Select(Stem).Distinct().Count(asked.Contains);

        // Least relevant first; among equals the later bullet of the longer section. A bullet goes with
        // the bullets nested under it, so that none is left hanging under the wrong parent.
        var order = sections.SelectMany((s, si) => s.Bullets.Select((b, bi) => (Section: si, Bullet: b, Index: bi)))
            .OrderBy(x => Relevance(x.Bullet)).ThenByDescending(x => x.Index).ToList();
        foreach (var candidate in order)
        {
            if (Length(reply, sections) <= budget) break;
            var section = sections[candidate.Section];
            var at = section.Bullets.IndexOf(candidate.Bullet);
            if (at < 0) continue;
            var depth = ReplySection.Nesting(candidate.Bullet).Depth;
            var count = 1 + section.Bullets.Skip(at + 1).TakeWhile(b => ReplySection.Nesting(b).Depth > depth).Count();
            // A section keeps its last bullet unless it has a paragraph to stand on.
            if (section.Bullets.Count > count || section.Text is not null) section.Bullets.RemoveRange(at, count);
        }
        // Still too long: the later sections go, never the first.
        while (sections.Count > 1 && Length(reply, sections) > budget) sections.RemoveAt(sections.Count - 1);
        return reply with { Sections = sections.Select(s => ReplySection.Of(s.Heading, s.Text, s.Bullets) with { Lines = s.Lines }).ToList() };
    }

    /// <summary>A section being fitted; its <see cref="Lines"/> (our teams and their channels) are never dropped.</summary>
    private sealed record Section(string Heading, string? Text, List<string> Bullets, IReadOnlyList<IReadOnlyList<Inline>> Lines);

    private static int Length(Reply reply, List<Section> sections) =>
        reply.Title.Length + reply.ShortAnswer.Length +
        sections.Sum(s => s.Heading.Length + (s.Text?.Length ?? 0) + s.Bullets.Sum(b => b.Length + 4) + s.Lines.Sum(l => Inline.Plain(l).Length + 4));

    /// <summary>Enough of a word to match its forms ("skills"/"skill", "interviewing"/"interview").</summary>
    private static string Stem(string word) => word.Length > 6 ? word[..6] : word;
}
