using System.Text.RegularExpressions;

namespace RoleBot.Knowledge;

/// <summary>
/// Reads a section's kind from its heading ("Day-to-Day Tools:" → tools). Order matters: first rule wins;
/// a heading that says the roles work together is about that, whatever else it mentions ("different
/// priorities, working together").
/// </summary>
public static partial class KindClassifier
{
    private static readonly (Regex Pattern, PassageKind Kind)[] Rules =
    [
        (R(@"interview|hiring manager"), PassageKind.Interview),
        (R(@"misconception|myth|get it wrong|confus|mistak"), PassageKind.Misconception),
        (R(@"\btools?\b|stack|technolog"), PassageKind.Tools),
        (R(@"skill|learn|become|career|roadmap|certif|grow"), PassageKind.Skills),
        (R(@"success|measur|metric|\bkpi|looks like"), PassageKind.Success),
        (R(@"suits?\b|\bfit\b|choose|right for you|should you|which role|your lane"), PassageKind.Fit),
        (R(@"responsib|what they do|day.to.day|duties|owning|what (do|does) .*\bdo\b|typical work"), PassageKind.Responsibilities),
        (R(@"together|collaborat|interact|work with|relationship|hand.?off|analogy|\bcity\b|life ?cycle|life of|small.*large|large.*small|big picture|overlap"), PassageKind.Collaboration),
        (R(@"focus|mission|priorit|\bgoal"), PassageKind.Focus),
        (R(@"\bown(s|er|ership)?\b|who does what|responsible"), PassageKind.Ownership),
        (R(@"glossary|jargon|terminology"), PassageKind.Glossary),
        (R(@"where to ask|first (week|day)|onboard|welcome"), PassageKind.Onboarding),
        (R(@"definition|^what is|^what's|what are|one.line|tl;?dr|overview|in one sentence|key differences|^the\b.*\b(engineer|sre)\b"), PassageKind.Definition),
    ];

    public static PassageKind FromHeading(string heading)
    {
        foreach (var (pattern, kind) in Rules)
            if (pattern.IsMatch(heading)) return kind;
        return PassageKind.General;
    }

    public static PassageKind? Parse(string? name) =>
        Enum.TryParse<PassageKind>(name?.Trim(), ignoreCase: true, out var kind) ? kind : null;

    private static Regex R(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
