using System.Globalization;
using System.Net;
using System.Text;
using static System.FormattableString;

namespace RoleBot.Curation.Report;

/// <summary>
/// The report as one HTML file to open, mail or attach: inline CSS and SVG, no script, no font
/// or image from anywhere. Every logged text is escaped; the page's own Content-Security-Policy
/// allows nothing but its inline styles, so even an escaping mistake could not run a script.
/// </summary>
public static class HtmlReport
{
    private const int Shown = 12, LeastShown = 20;

    public static string Render(CurationReport report)
    {
        var sb = new StringBuilder();
        Head(sb, report);
        sb.Append("<main>");
        PerDay(sb, report);
        PerIntent(sb, report);
        Unsure(sb, report);
        Disliked(sb, report);
        Cited(sb, report.Citations);
        sb.Append("</main>");
        sb.Append(Invariant($"<footer>Made by <code>rolebot report --since {report.Settings.Window}</code> at {report.Settings.Now.UtcDateTime:yyyy-MM-dd HH:mm} UTC. Questions are grouped when their meaning is within cosine {MeaningGroups.Threshold:0.00} of the group's; unsure means below {report.Settings.LowConfidence:0.00} confidence.</footer>"));
        return sb.Append("</body></html>\n").ToString();
    }

    private static void Head(StringBuilder sb, CurationReport r)
    {
        var period = $"{Day(r.Settings.From)} – {Day(r.Settings.Now)}";
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append($"<title>RoleBot questions {period}</title><style>{Css}</style></head><body>");
        sb.Append($"<header><h1>RoleBot questions</h1><p class=\"period\">{period} (UTC)</p><div class=\"tiles\">");
        Tile(sb, r.Questions, "questions", "");
        Tile(sb, r.Typed, "typed", "");
        Tile(sb, r.Unanswered, "not answered", r.Unanswered > 0 ? "warn" : "");
        Tile(sb, r.Unsure.Count, "gaps to look at", r.Unsure.Count > 0 ? "warn" : "");
        Tile(sb, r.Dislikes, "dislikes", r.Dislikes > 0 ? "bad" : "");
        sb.Append("</div></header>");
    }

    private static void Tile(StringBuilder sb, int value, string label, string kind) =>
        sb.Append(Invariant($"<div class=\"tile {kind}\"><b>{value}</b><span>{label}</span></div>"));

    private static void PerDay(StringBuilder sb, CurationReport r)
    {
        var bars = r.PerDay.Select(d => new Bar(d.Day.ToString("ddd d", CultureInfo.InvariantCulture), [d.Answered, d.Unanswered],
            Invariant($"{d.Day:yyyy-MM-dd}: {d.Total} questions, {d.Unanswered} not answered"))).ToList();
        sb.Append("<section id=\"per-day\"><h2>Questions per day</h2>");
        sb.Append(SvgCharts.Columns("chart-per-day", "Questions per day, answered and not answered", bars, height: 300));
        sb.Append("<p class=\"legend\"><span class=\"key s0\"></span>answered <span class=\"key s1\"></span>not answered (declined or \"Did you mean\")</p></section>");
    }

    private static void PerIntent(StringBuilder sb, CurationReport r)
    {
        var bars = r.PerIntent.Select(i => new Bar(i.Intent, [i.Count], Invariant($"{i.Intent}: {i.Count} questions"), i.Intent == "unknown" ? "s1" : "s0")).ToList();
        sb.Append("<section id=\"per-intent\"><h2>Questions per intent</h2>");
        sb.Append(r.PerIntent.Count == 0 ? "<p class=\"none\">No questions.</p>" : SvgCharts.Rows("chart-per-intent", "Questions per intent", bars));
        sb.Append("</section>");
    }

    private static void Unsure(StringBuilder sb, CurationReport r)
    {
        sb.Append("<section id=\"unanswered\" class=\"wide\"><h2>Unanswered and unsure, by meaning</h2>");
        sb.Append(Invariant($"<p class=\"note\">Typed questions RoleBot declined, asked \"Did you mean\" about, or answered below {r.Settings.LowConfidence:0.00} confidence; the same question in other words is one entry. <code>rolebot report --jsonl</code> writes them as test cases to label.</p>"));
        if (r.Unsure.Count == 0) { sb.Append("<p class=\"none\">None: every typed question was answered with confidence.</p></section>"); return; }
        sb.Append("<ol class=\"ranked groups\">");
        var max = r.Unsure[0].Count;
        foreach (var g in r.ShownGroups) Group(sb, g, max);
        sb.Append("</ol>");
        var rest = r.Unsure.Skip(r.Settings.Groups).ToList();
        if (rest.Count > 0) sb.Append(Invariant($"<p class=\"note\">… and {rest.Count} more groups ({rest.Sum(g => g.Count)} questions).</p>"));
        sb.Append("</section>");
    }

    private static void Group(StringBuilder sb, QuestionGroup g, int max)
    {
        var examples = g.Examples().ToList();
        sb.Append(Invariant($"<li class=\"group\"><div class=\"count\"><b>{g.Count}</b><span>asked</span></div><div class=\"body\">"));
        sb.Append($"<p class=\"lead\">{H(examples[0])}</p>");
        if (examples.Count > 1) sb.Append("<ul class=\"examples\">" + string.Concat(examples.Skip(1).Select(e => $"<li>{H(e)}</li>")) + "</ul>");
        sb.Append(Invariant($"<p class=\"meta\">{g.People} {(g.People == 1 ? "person" : "people")} · {g.Declined} declined, {g.Count - g.Declined} unsure{(g.Members.Count > 3 ? $" · {g.Members.Count} wordings" : "")}</p>"));
        if (g.Home is { } home) sb.Append(Home(home));
        sb.Append("</div>").Append(SvgCharts.Meter(g.Count, max)).Append("</li>");
    }

    private static string Home(GroupHome h)
    {
        var intent = h.Intent.Length == 0 ? "" : Invariant($"intent <span class=\"intent\">{H(h.Intent)}</span> <small>{h.Probability * 100:0}%</small>");
        var section = h.File is null ? "" : Invariant($"<code>{H(h.File)}</code> § {H(h.Heading ?? "")} <small>cosine {h.Cosine:0.00}</small>");
        return $"<p class=\"home\">Belongs near: {intent}{(intent.Length > 0 && section.Length > 0 ? " · " : "")}{section}</p>";
    }

    private static void Disliked(StringBuilder sb, CurationReport r)
    {
        sb.Append("<section id=\"disliked\" class=\"wide\"><h2>Most disliked answers</h2>");
        if (r.Disliked.Count == 0) { sb.Append("<p class=\"none\">No answer was disliked.</p></section>"); return; }
        sb.Append("<ol class=\"ranked disliked\">");
        foreach (var a in r.Disliked) DislikedAnswer(sb, a, r.Disliked[0].Dislikes);
        sb.Append("</ol></section>");
    }

    private static void DislikedAnswer(StringBuilder sb, DislikedAnswer a, int max)
    {
        sb.Append(Invariant($"<li class=\"answer\"><div class=\"count bad\"><b>{a.Dislikes}</b><span>{(a.Dislikes == 1 ? "dislike" : "dislikes")}</span></div><div class=\"body\">"));
        var sources = a.Cited.Count == 0 ? "<span class=\"none\">no sources</span>" : string.Join(", ", a.Cited.Select(c => $"<code>{H(c)}</code>"));
        var roles = a.Roles.Count == 0 ? "" : $" [{H(string.Join(", ", a.Roles))}]";
        sb.Append($"<p class=\"lead\"><span class=\"intent\">{H(a.Intent)}</span>{roles} → {sources}</p>");
        sb.Append(Invariant($"<p class=\"meta\">given {a.Asked} {(a.Asked == 1 ? "time" : "times")} · {a.Likes} {(a.Likes == 1 ? "like" : "likes")}</p>"));
        sb.Append("<ul class=\"examples\">" + string.Concat(a.Questions.Select(q => $"<li>{H(q)}</li>")) + "</ul>");
        foreach (var f in a.Feedback.Take(5))
            sb.Append($"<blockquote>{H(f.Text, 300)}{(f.Count > 1 ? Invariant($" <small>×{f.Count}</small>") : "")}</blockquote>");
        sb.Append("</div>").Append(SvgCharts.Meter(a.Dislikes, max)).Append("</li>");
    }

    private static void Cited(StringBuilder sb, CitationCounts c)
    {
        var most = c.Most(Shown).Select(s => new Bar(Short(s), [s.Count], Invariant($"{s.Topic}: cited {s.Count} times"))).ToList();
        sb.Append("<section id=\"most-cited\"><h2>Most cited sections</h2>");
        sb.Append(most.Count == 0 ? "<p class=\"none\">No answer cited a section.</p>" : SvgCharts.Rows("chart-most-cited", "Most cited knowledge sections", most, labelWidth: 250));
        sb.Append("</section><section id=\"least-cited\"><h2>Least cited sections</h2>");
        sb.Append(Invariant($"<p class=\"note\"><b>{c.Never.Count}</b> of {c.Sections.Count(s => s.InKnowledge)} sections were never cited.</p><ol class=\"least\">"));
        foreach (var s in c.Least(LeastShown))
            sb.Append(Invariant($"<li><span class=\"n{(s.Count == 0 ? " zero" : "")}\">{(s.Count == 0 ? "never" : s.Count.ToString(CultureInfo.InvariantCulture))}</span> <code>{H(s.File)}</code> § {H(s.Heading)}</li>"));
        sb.Append("</ol>");
        if (c.Never.Count > LeastShown) sb.Append(Invariant($"<p class=\"note\">… and {c.Never.Count - LeastShown} more never cited.</p>"));
        foreach (var s in c.Gone) sb.Append(Invariant($"<p class=\"note\">Cited {s.Count} times but no longer in the knowledge: <code>{H(s.Topic)}</code></p>"));
        sb.Append("</section>");
        Files(sb, c);
    }

    private static void Files(StringBuilder sb, CitationCounts c)
    {
        var bars = c.Files.Select(f => new Bar(f.File, [f.Count], Invariant($"{f.File}: cited {f.Count} times; {f.NeverCited} of {f.Sections} sections never cited"), f.Count == 0 ? "s1" : "s2")).ToList();
        sb.Append("<section id=\"files\" class=\"wide\"><h2>Knowledge files, most to least cited</h2>");
        sb.Append(SvgCharts.Rows("chart-files", "Citations per knowledge file", bars, width: 900, labelWidth: 200));
        sb.Append("<table><thead><tr><th>File</th><th>Citations</th><th>Sections</th><th>Never cited</th></tr></thead><tbody>");
        foreach (var f in c.Files)
            sb.Append(Invariant($"<tr><td><code>{H(f.File)}</code></td><td>{f.Count}</td><td>{f.Sections}</td><td>{f.NeverCited}</td></tr>"));
        sb.Append("</tbody></table></section>");
    }

    /// <summary>A section as a chart label: file and heading, cut to fit beside the bar.</summary>
    private static string Short(CitedSection s) => Display.Line(Path.GetFileNameWithoutExtension(s.File) + " § " + s.Heading, 34);

    private static string H(string? s, int max = 160) => WebUtility.HtmlEncode(Display.Line(s, max));

    private static string Day(DateTimeOffset t) => t.UtcDateTime.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture);

    private const string Css = """
        :root{--ink:#1d2733;--muted:#5b6b7c;--line:#e3e8ee;--paper:#fff;--bg:#f4f6f9;--s0:#3b7dd8;--s1:#e8743b;--s2:#2f9e72;--bad:#c8413b}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
        header{padding:24px 32px 8px}
        h1{margin:0;font-size:26px}
        .period{margin:2px 0 16px;color:var(--muted)}
        .tiles{display:flex;flex-wrap:wrap;gap:12px}
        .tile{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:10px 16px;min-width:130px}
        .tile b{display:block;font-size:26px}
        .tile span{color:var(--muted);font-size:13px}
        .tile.warn b{color:var(--s1)}
        .tile.bad b{color:var(--bad)}
        main{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:20px;padding:16px 32px 32px}
        section{background:var(--paper);border:1px solid var(--line);border-radius:10px;padding:16px 20px;min-width:0}
        section.wide{grid-column:1/-1}
        h2{margin:0 0 10px;font-size:17px}
        svg.chart{max-width:100%;height:auto;display:block}
        .bar.s0{fill:var(--s0)} .bar.s1{fill:var(--s1)} .bar.s2{fill:var(--s2)}
        .grid{stroke:var(--line)}
        .tick,.label{fill:var(--muted);font-size:12px}
        .value{fill:var(--ink);font-size:12px;font-weight:600}
        .legend{color:var(--muted);font-size:13px;margin:6px 0 0}
        .key{display:inline-block;width:11px;height:11px;border-radius:2px;margin:0 5px 0 12px;vertical-align:-1px}
        .key.s0{background:var(--s0)} .key.s1{background:var(--s1)}
        .note,.none{color:var(--muted);font-size:13px}
        ol.ranked{list-style:none;margin:0;padding:0}
        ol.ranked>li{display:grid;grid-template-columns:72px 1fr 160px;gap:14px;align-items:start;padding:12px 0;border-top:1px solid var(--line)}
        .count{text-align:center;background:#fff4ec;border-radius:8px;padding:6px 0}
        .count b{display:block;font-size:24px;color:var(--s1)}
        .count span{font-size:12px;color:var(--muted)}
        .count.bad{background:#fdeeee} .count.bad b{color:var(--bad)}
        .lead{margin:0;font-weight:600;overflow-wrap:anywhere}
        .examples{margin:4px 0;padding-left:18px;color:var(--ink);overflow-wrap:anywhere}
        .meta{margin:2px 0;color:var(--muted);font-size:13px}
        .home{margin:6px 0 0;font-size:13px;background:#eef4fc;border-radius:6px;padding:4px 8px;display:inline-block}
        .intent{font-weight:600;color:var(--s0)}
        svg.meter{width:160px;height:8px;margin-top:14px}
        svg.meter .track{fill:var(--line)} svg.meter .bar{fill:var(--s1)}
        ol.disliked svg.meter .bar{fill:var(--bad)}
        blockquote{margin:6px 0;padding:4px 10px;border-left:3px solid var(--bad);background:#fbf6f6;overflow-wrap:anywhere}
        code{font:12.5px ui-monospace,"DejaVu Sans Mono",monospace;background:#f1f3f6;border-radius:4px;padding:1px 4px}
        ol.least{margin:0;padding-left:0;list-style:none;columns:1;font-size:13.5px}
        ol.least li{padding:2px 0}
        .n{display:inline-block;min-width:44px;text-align:right;font-weight:600;margin-right:6px}
        .n.zero{color:var(--s1)}
        table{border-collapse:collapse;margin-top:12px;font-size:13.5px}
        th,td{text-align:left;padding:4px 14px 4px 0;border-bottom:1px solid var(--line)}
        td:not(:first-child),th:not(:first-child){text-align:right}
        footer{color:var(--muted);font-size:12px;padding:0 32px 24px}
        """;
}
