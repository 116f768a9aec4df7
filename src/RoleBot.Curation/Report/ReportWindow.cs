using System.Text.RegularExpressions;

namespace RoleBot.Curation.Report;

/// <summary>
/// How far back a report reads, as <c>--since</c> says it. Days are whole UTC days ("7d" is today
/// and the six days before) so that no bar of the per-day chart is a misleading part of a day;
/// hours ("24h") are exact, for a look at what just happened.
/// </summary>
public sealed partial record ReportWindow(int Count, bool Days)
{
    public static readonly ReportWindow Default = new(7, Days: true);

    /// <summary>"7d", "24h", "30d": a whole number, then d or h.</summary>
    public static bool TryParse(string? text, out ReportWindow window)
    {
        window = Default;
        var m = Shape().Match(text?.Trim() ?? "");
        if (!m.Success || !int.TryParse(m.Groups[1].Value, out var count) || count == 0) return false;
        window = new ReportWindow(count, m.Groups[2].Value.Equals("d", StringComparison.OrdinalIgnoreCase));
        return true;
    }

    public DateTimeOffset Start(DateTimeOffset now) => Days
        ? new DateTimeOffset(now.UtcDateTime.Date.AddDays(1 - Count), TimeSpan.Zero)
        : now.ToUniversalTime().AddHours(-Count);

    public override string ToString() => $"{Count}{(Days ? "d" : "h")}";

    [GeneratedRegex(@"^(\d{1,4})([dDhH])$")]
    private static partial Regex Shape();
}
