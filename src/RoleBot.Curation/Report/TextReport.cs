using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace RoleBot.Curation.Report;

/// <summary>The report for a terminal: the same sections as the HTML one, with bars drawn in characters.</summary>
public static class TextReport
{
    private const int BarWidth = 40, Shown = 10, LeastShown = 20;

    public static string Render(CurationReport report)
    {
        var sb = new StringBuilder();
        Summary(sb, report);
        if (report.Questions == 0) return sb.ToString();
        PerDay(sb, report);
        PerIntent(sb, report);
        Unsure(sb, report);
        Disliked(sb, report);
        Citations(sb, report.Citations);
        return sb.ToString();
    }

    private static void Summary(StringBuilder sb, CurationReport r)
    {
        var s = r.Settings;
        sb.AppendLine(Invariant($"RoleBot questions {Day(s.From)} – {Day(s.Now)} (UTC, --since {s.Window})"));
        if (r.Questions == 0) { sb.AppendLine("No questions were logged in this window."); return; }
        sb.AppendLine(Invariant($"{r.Questions} questions ({r.Typed} typed), {r.Unanswered} not answered; {r.UnsureQuestions} typed questions unanswered or unsure; {r.Dislikes} 👎"));
    }

    private static void PerDay(StringBuilder sb, CurationReport r)
    {
        sb.AppendLine().AppendLine("Questions per day (█ answered, ░ not answered)");
        var max = Math.Max(1, r.PerDay.Max(d => d.Total));
        foreach (var d in r.PerDay)
        {
            var answered = Length(d.Answered, max);
            var bar = new string('█', answered) + new string('░', Math.Max(Length(d.Total, max) - answered, d.Unanswered > 0 ? 1 : 0));
            sb.AppendLine(Invariant($"  {d.Day.ToString("ddd d MMM", CultureInfo.InvariantCulture),-10}  {bar.PadRight(BarWidth + 1)} {d.Total,5}"));
        }
    }

    private static void PerIntent(StringBuilder sb, CurationReport r)
    {
        sb.AppendLine().AppendLine("Questions per intent");
        var max = Math.Max(1, r.PerIntent.Max(i => i.Count));
        foreach (var i in r.PerIntent)
            sb.AppendLine(Invariant($"  {Display.Line(i.Intent, 14),-14}  {new string('█', Math.Max(1, Length(i.Count, max))).PadRight(BarWidth + 1)} {i.Count,5}"));
    }

    private static void Unsure(StringBuilder sb, CurationReport r)
    {
        sb.AppendLine().AppendLine(Invariant($"Unanswered and unsure questions by meaning (typed; declined, \"Did you mean\", or confidence below {r.Settings.LowConfidence:0.00})"));
        if (r.Unsure.Count == 0) { sb.AppendLine("  none"); return; }
        var n = 0;
        foreach (var g in r.ShownGroups)
        {
            sb.AppendLine(Invariant($"  {++n,2}. {g.Count} asked by {g.People} {(g.People == 1 ? "person" : "people")} ({g.Declined} declined)"));
            foreach (var example in g.Examples()) sb.AppendLine($"        \"{Display.Line(example, 100)}\"");
            if (g.Home is { } home) sb.AppendLine("        belongs near: " + Home(home));
        }
        var rest = r.Unsure.Skip(r.Settings.Groups).ToList();
        if (rest.Count > 0) sb.AppendLine(Invariant($"  … and {rest.Count} more groups ({rest.Sum(g => g.Count)} questions): rolebot report --jsonl lists them all."));
    }

    public static string Home(GroupHome h) =>
        Invariant($"intent {Display.Line(h.Intent, 20)} ({h.Probability * 100:0}%)") + (h.Topic is { } t ? Invariant($", {Display.Line(t, 80)} (cosine {h.Cosine:0.00})") : "");

    private static void Disliked(StringBuilder sb, CurationReport r)
    {
        sb.AppendLine().AppendLine("Most disliked answers");
        if (r.Disliked.Count == 0) { sb.AppendLine("  none"); return; }
        foreach (var a in r.Disliked)
        {
            sb.AppendLine(Invariant($"  {a.Dislikes,3} 👎 {a.Likes,3} 👍  {Answer(a)}, given {a.Asked} {(a.Asked == 1 ? "time" : "times")}"));
            foreach (var q in a.Questions) sb.AppendLine($"        asked: \"{Display.Line(q, 100)}\"");
            foreach (var f in a.Feedback.Take(5)) sb.AppendLine($"        said:  \"{Display.Line(f.Text, 100)}\"" + (f.Count > 1 ? Invariant($" ×{f.Count}") : ""));
        }
    }

    public static string Answer(DislikedAnswer a) =>
        Display.Line(a.Intent, 20) + (a.Roles.Count > 0 ? " [" + Display.Line(string.Join(",", a.Roles), 60) + "]" : "") +
        (a.Cited.Count > 0 ? " → " + Display.Line(string.Join(", ", a.Cited), 120) : " (no sources)");

    private static void Citations(StringBuilder sb, CitationCounts c)
    {
        sb.AppendLine().AppendLine("Most cited sections");
        foreach (var s in c.Most(Shown)) sb.AppendLine(Invariant($"  {s.Count,5}  {Display.Line(s.Topic, 100)}"));
        var known = c.Sections.Count(s => s.InKnowledge);
        sb.AppendLine().AppendLine(Invariant($"Least cited sections ({c.Never.Count} of {known} never cited)"));
        foreach (var s in c.Least(LeastShown)) sb.AppendLine(Invariant($"  {s.Count,5}  {Display.Line(s.Topic, 100)}"));
        if (c.Never.Count > LeastShown) sb.AppendLine(Invariant($"         … and {c.Never.Count - LeastShown} more never cited"));
        if (c.Gone.Count > 0) sb.AppendLine().AppendLine("Cited, but no longer in the knowledge (renamed or removed)");
        foreach (var s in c.Gone) sb.AppendLine(Invariant($"  {s.Count,5}  {Display.Line(s.Topic, 100)}"));
        sb.AppendLine().AppendLine("Knowledge files: citations, sections, sections never cited");
        foreach (var f in c.Files) sb.AppendLine(Invariant($"  {f.Count,5} {f.Sections,5} {f.NeverCited,5}  {Display.Line(f.File, 100)}"));
    }

    private static int Length(int value, int max) => (int)Math.Round(value * (double)BarWidth / max);

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
