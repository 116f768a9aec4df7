using System.Net;
using System.Text;
using static System.FormattableString;

namespace RoleBot.Curation.Report;

/// <summary>One bar of a chart: its label, its stacked parts (one per series) and a tooltip.</summary>
public sealed record Bar(string Label, IReadOnlyList<int> Parts, string Tooltip, string? Class = null)
{
    public int Total => Parts.Sum();
}

/// <summary>
/// Bar charts as inline SVG: no script, no library, nothing fetched, and they print. Every number
/// is written with the invariant culture (a comma decimal would break the drawing), every label is
/// HTML-escaped (a label may come from the log), and each bar carries a &lt;title&gt; as its tooltip.
/// </summary>
public static class SvgCharts
{
    /// <summary>Vertical bars, each stacked from its parts (series classes <c>s0</c>, <c>s1</c>, …).</summary>
    public static string Columns(string id, string label, IReadOnlyList<Bar> bars, int width = 560, int height = 240)
    {
        const int left = 40, right = 8, top = 18, bottom = 34;
        var (plotW, plotH) = (width - left - right, height - top - bottom);
        var axis = Axis(bars.Select(b => b.Total).DefaultIfEmpty(0).Max());
        var sb = Open(id, label, width, height);
        Gridlines(sb, axis, left, width - right, top, plotH);
        var slot = plotW / (double)Math.Max(1, bars.Count);
        var every = (int)Math.Ceiling(bars.Count / 10.0);
        for (var i = 0; i < bars.Count; i++)
        {
            var x = left + i * slot + slot * 0.15;
            var y = top + plotH * 1.0;
            sb.Append(Invariant($"<g><title>{E(bars[i].Tooltip)}</title>"));
            for (var s = 0; s < bars[i].Parts.Count; s++)
            {
                var h = plotH * bars[i].Parts[s] / (double)axis.Max;
                if (h <= 0) continue;
                y -= h;
                sb.Append(Invariant($"<rect class=\"bar s{s}\" x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{slot * 0.7:0.#}\" height=\"{h:0.#}\" rx=\"2\"/>"));
            }
            if (bars.Count <= 16 && bars[i].Total > 0)
                sb.Append(Invariant($"<text class=\"value\" x=\"{x + slot * 0.35:0.#}\" y=\"{y - 4:0.#}\" text-anchor=\"middle\">{bars[i].Total}</text>"));
            sb.Append("</g>");
            if (i % every == 0)
                sb.Append(Invariant($"<text class=\"label\" x=\"{x + slot * 0.35:0.#}\" y=\"{height - bottom + 16}\" text-anchor=\"middle\">{E(bars[i].Label)}</text>"));
        }
        return sb.Append("</svg>").ToString();
    }

    /// <summary>Horizontal bars, one row each, the label on the left and the value at the bar's end.</summary>
    public static string Rows(string id, string label, IReadOnlyList<Bar> bars, int width = 560, int labelWidth = 130)
    {
        const int row = 24, top = 4, valueWidth = 44;
        var height = top * 2 + row * Math.Max(1, bars.Count);
        var max = Math.Max(1, bars.Select(b => b.Total).DefaultIfEmpty(0).Max());
        var plotW = width - labelWidth - valueWidth;
        var sb = Open(id, label, width, height);
        for (var i = 0; i < bars.Count; i++)
        {
            var y = top + i * row;
            var w = Math.Max(2, plotW * bars[i].Total / (double)max);
            sb.Append(Invariant($"<g><title>{E(bars[i].Tooltip)}</title>"));
            sb.Append(Invariant($"<text class=\"label\" x=\"{labelWidth - 8}\" y=\"{y + 16}\" text-anchor=\"end\">{E(bars[i].Label)}</text>"));
            sb.Append(Invariant($"<rect class=\"bar {bars[i].Class ?? "s0"}\" x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{w:0.#}\" height=\"{row - 8}\" rx=\"2\"/>"));
            sb.Append(Invariant($"<text class=\"value\" x=\"{labelWidth + w + 6:0.#}\" y=\"{y + 16}\">{bars[i].Total}</text></g>"));
        }
        return sb.Append("</svg>").ToString();
    }

    /// <summary>A thin bar for a ranked list: how big this entry is beside the biggest.</summary>
    public static string Meter(int value, int max) =>
        Invariant($"<svg class=\"meter\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\" aria-hidden=\"true\"><rect class=\"track\" width=\"100\" height=\"6\"/><rect class=\"bar\" width=\"{Math.Max(2, 100.0 * value / Math.Max(1, max)):0.#}\" height=\"6\"/></svg>");

    private static StringBuilder Open(string id, string label, int width, int height) => new StringBuilder()
        .Append(Invariant($"<svg id=\"{E(id)}\" class=\"chart\" role=\"img\" aria-label=\"{E(label)}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\">"));

    private static void Gridlines(StringBuilder sb, (int Max, int Step) axis, int left, int right, int top, int plotH)
    {
        for (var v = 0; v <= axis.Max; v += axis.Step)
        {
            var y = top + plotH - plotH * v / (double)axis.Max;
            sb.Append(Invariant($"<line class=\"grid\" x1=\"{left}\" x2=\"{right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\"/>"));
            sb.Append(Invariant($"<text class=\"tick\" x=\"{left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{v}</text>"));
        }
    }

    /// <summary>A top at a round number (1, 2 or 5 times a power of ten per step, about four steps) above the largest bar.</summary>
    private static (int Max, int Step) Axis(int largest)
    {
        var raw = Math.Max(1, largest) / 4.0;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = (int)Math.Max(1, new[] { 1, 2, 5, 10 }.Select(m => m * power).First(s => s >= raw));
        return ((int)Math.Ceiling(Math.Max(1, largest) / (double)step) * step, step);
    }

    private static string E(string s) => WebUtility.HtmlEncode(Display.Line(s, 200));
}
