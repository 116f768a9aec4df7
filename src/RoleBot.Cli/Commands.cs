using System.Text.Encodings.Web;
using System.Text.Json;
using RoleBot.Answers;
using RoleBot.Curation.QuestionLog;
using RoleBot.Curation.Report;
using RoleBot.Evaluation;
using RoleBot.Rendering;
using RoleBot.Understanding;

namespace RoleBot.Cli;

internal static class Commands
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static async Task<int> AskAsync(RoleBotEngine engine, Options options, TextReader input, TextWriter output)
    {
        if (options.Arguments.Count > 0)
        {
            await WriteAsync(engine.Ask(string.Join(' ', options.Arguments), Channel.Other), options.Json, output);
            return 0;
        }
        // Batch mode: one question per line.
        while (await input.ReadLineAsync() is { } line)
        {
            if (line.Trim().Length == 0) continue;
            await WriteAsync(engine.Ask(line, Channel.Other), options.Json, output);
            if (!options.Json) await output.WriteLineAsync();
        }
        return 0;
    }

    private static Task WriteAsync(Answer answer, bool json, TextWriter output) =>
        json ? output.WriteLineAsync(JsonSerializer.Serialize(ToJson(answer), Json))
             : output.WriteAsync(PlainTextRenderer.Render(answer.Reply));

    /// <summary>The documented JSON shape of one answer.</summary>
    public static object ToJson(Answer a) => new
    {
        question = a.Question,
        intent = a.Intent.Id,
        roles = a.Roles,
        confidence = Math.Round(Math.Clamp(a.Understood.Confidence, 0, 1), 2),
        text = PlainTextRenderer.Render(a.Reply),
        sources = a.Reply.Citations.Select(c => new { title = c.Title, file = c.File, articles = c.Sources }),
        suggestions = a.Reply.Suggestions.Select(s => s.Label),
        choices = a.Reply.Choices.Select(c => c.Label),
    };

    public static async Task<int> ExplainAsync(RoleBotEngine engine, Options options, TextWriter output)
    {
        var question = string.Join(' ', options.Arguments);
        foreach (var (intent, p) in engine.Interpreter.Explain(question).Take(5))
            await output.WriteLineAsync($"{intent,-12} {p,6:P1}");
        var a = engine.Ask(question);
        if ((a.Understood.Vector ?? RoleBot.Meaning.SentenceEmbedder.Shared.Embed(question)) is { } v)
            foreach (var kind in new[] { RoleBot.Knowledge.PassageKind.Ownership, RoleBot.Knowledge.PassageKind.Glossary, RoleBot.Knowledge.PassageKind.Collaboration, RoleBot.Knowledge.PassageKind.Onboarding })
                foreach (var h in engine.Search.Search(question, v, new RoleBot.Search.SearchFilter { Kinds = [kind] }, 3))
                    await output.WriteLineAsync($"  {kind,-13} {h.Score:F4} cos {h.Cosine:F2}  {h.Passage.Heading}");
        await output.WriteLineAsync($"→ {a.Intent.Id} [{string.Join(",", a.Roles)}] confidence {a.Understood.Confidence:F2}" +
                                    (a.Understood.Task is { } t ? $", task \"{t.Heading}\"" : "") + (a.Understood.Term is { } term ? $", term \"{term.Heading}\"" : "") +
                                    (a.Reply.Choices.Count > 0 ? $", did you mean: {string.Join(" | ", a.Reply.Choices.Select(c => c.Label))}" : ""));
        return 0;
    }

    public static async Task<int> CrossValidateAsync(RoleBotEngine engine, TextWriter output)
    {
        await output.WriteAsync(engine.Interpreter.CrossValidate(new Meaning.VectorStore(Meaning.VectorStore.DefaultDirectory())));
        return 0;
    }

    public static async Task<int> EvalAsync(RoleBotEngine engine, Options options, TextWriter output)
    {
        var path = options.Arguments[0];
        if (!File.Exists(path)) throw new IOException($"No such file: {path}");
        var report = Evaluator.Run(engine, LabelledQuestion.ReadFile(path));
        await output.WriteAsync(report.Format());
        return 0;
    }

    public static async Task<int> ChatAsync(RoleBotEngine engine, Options options, TextReader input, TextWriter output)
    {
        // The terminal is one conversation: follow-ups ("and their tools?") read against the turns before.
        var conversation = Conversations.ConversationKey.Of("terminal", Guid.NewGuid().ToString("n"), Environment.UserName);
        if (options.Json)
        {
            // Standard input as one conversation, one JSON line per turn (scripted conversations).
            while (await input.ReadLineAsync() is { } turn)
                if (turn.Trim().Length > 0) await WriteAsync(engine.Ask(turn, Channel.Other, conversation), json: true, output);
            return 0;
        }
        await output.WriteLineAsync("RoleBot: ask me about DevOps, SRE, Platform and Cloud engineers. Type a number to pick a suggestion, 'quit' to leave.\n");
        await output.WriteAsync(PlainTextRenderer.Render(engine.Ask("hello", Channel.Other).Reply));
        IReadOnlyList<Suggestion> offered = [];
        while (true)
        {
            await output.WriteAsync("\n> ");
            var line = await input.ReadLineAsync();
            if (line is null || line.Trim() is "quit" or "exit" or "/quit" or "/exit") break;
            if (line.Trim().Length == 0) continue;
            // A number picks one of the choices or suggestions just shown, like pressing a button.
            var answer = int.TryParse(line.Trim(), out var n) && n >= 1 && n <= offered.Count
                ? engine.Press(offered[n - 1], Channel.Other, conversation)
                : engine.Ask(line, Channel.Other, conversation);
            offered = [.. answer.Reply.Choices, .. answer.Reply.Suggestions];
            await output.WriteAsync(PlainTextRenderer.Render(answer.Reply));
            if (offered.Count > 0)
                await output.WriteLineAsync(string.Join("  ", offered.Select((s, i) => $"[{i + 1}] {s.Label}")));
        }
        return 0;
    }

    public static async Task<int> ReportAsync(RoleBotEngine engine, Options options, TextWriter output, TextWriter error)
    {
        var o = options.Report;
        await using var store = OpenLog(o);
        var report = await CurationReport.ReadAsync(store, engine, new ReportSettings(DateTimeOffset.UtcNow, o.Since, o.Low), CancellationToken.None);
        if (o.Html is { } html)
        {
            await File.WriteAllTextAsync(html, HtmlReport.Render(report));
            // Standard output stays for the report itself (text or JSON lines); the notice goes beside it.
            await error.WriteLineAsync($"Wrote {html}");
        }
        if (o.Jsonl) await JsonlExport.WriteAsync(report, engine, output);
        else if (o.Html is null) await output.WriteAsync(TextReport.Render(report));
        return 0;
    }

    /// <summary>
    /// The log the server writes, found as the server finds it (Log__PostgreSql, else Log__SqlitePath,
    /// else the default file) unless an option names one. A SQLite file that is not there is an error:
    /// opening it would make an empty log and report on nothing.
    /// </summary>
    private static IQuestionStore OpenLog(ReportOptions o)
    {
        var postgres = o.Sqlite is null ? o.Postgres ?? Environment.GetEnvironmentVariable("Log__PostgreSql") : null;
        var sqlite = o.Postgres is null ? o.Sqlite ?? Environment.GetEnvironmentVariable("Log__SqlitePath") : null;
        if (string.IsNullOrWhiteSpace(postgres))
        {
            var path = string.IsNullOrWhiteSpace(sqlite) ? SqliteQuestionStore.DefaultPath() : sqlite;
            if (!File.Exists(path)) throw new IOException($"No questions log at {path}: the server writes one there once it has answered (or pass --sqlite FILE, --postgres CONNSTR).");
            return new SqliteQuestionStore(path);
        }
        return QuestionStores.Create(postgres, null);
    }
}
