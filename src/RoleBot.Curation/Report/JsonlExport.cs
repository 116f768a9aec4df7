using System.Text.Encodings.Web;
using System.Text.Json;

namespace RoleBot.Curation.Report;

/// <summary>
/// The unanswered and unsure questions as labelled-question lines (tests/RoleBot.Tests/Data/*.jsonl):
/// <c>{"q": "…", "intent": "", "roles": […]}</c>, one per wording, largest group first. The intent is
/// left empty for a person to fill in; the roles are the ones the question names, a first guess.
/// Once labelled they are test cases, or examples for the intent files.
/// </summary>
public static class JsonlExport
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEnumerable<string> Lines(IEnumerable<QuestionGroup> groups, Func<string, IReadOnlyList<string>> roles) =>
        groups.SelectMany(g => g.Members).Select(m => Line(m.Text, roles(m.Text)));

    /// <summary>Spaced like the hand-written files, so an exported line pasted among them looks like its neighbours.</summary>
    public static string Line(string question, IEnumerable<string> roles) =>
        $"{{\"q\": {Quote(question)}, \"intent\": \"\", \"roles\": [{string.Join(", ", roles.Distinct().Order(StringComparer.Ordinal).Select(Quote))}]}}";

    private static string Quote(string s) => JsonSerializer.Serialize(s, Json);

    public static async Task WriteAsync(CurationReport report, RoleBotEngine engine, TextWriter output)
    {
        foreach (var line in Lines(report.Unsure, t => engine.Interpreter.Mentions(t).Roles))
            await output.WriteLineAsync(line);
    }
}
