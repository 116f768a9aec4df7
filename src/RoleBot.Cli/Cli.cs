using RoleBot.Evaluation;
using RoleBot.Knowledge;

namespace RoleBot.Cli;

/// <summary>The terminal front end. Testable: streams in, exit code out, no stack traces ever.</summary>
public static class Cli
{
    public const string Usage = """
        Usage: rolebot [--knowledge DIR] <command>

        Commands:
          chat                 talk to RoleBot in the terminal (the default)
          ask "question"       answer one question
          ask                  answer one question per line from standard input
          ask --json [...]     one JSON object per answer, one per line (each line alone)
          chat --json          standard input as one conversation, one JSON object per turn
          eval FILE            score a labelled question file (JSON lines: {"q","intent","roles"})
          explain "question"   how RoleBot reads a question: each intent's probability, then the reading
          cross-validate       how well the intent example files teach each intent (5-fold)
          teams-package --app-id ID [--out FILE]
                               write the Teams app zip (manifests/teams) with the bot's app id filled in
          report [--since 7d] [--html FILE] [--jsonl] [--low 0.5] [--sqlite FILE | --postgres CONNSTR]
                               for curators, from the questions log: questions per day and intent,
                               unanswered questions grouped by meaning with where each belongs, the
                               most disliked answers, the most and least cited knowledge. --since 7d,
                               24h, 30d; --html FILE: one page with charts; --jsonl: the unanswered
                               questions as labelled-question lines to fill in. The log: --sqlite or
                               --postgres, else Log__PostgreSql, else Log__SqlitePath, else the
                               server's default file (~/.local/share/rolebot/questions.db)

        Options:
          --knowledge DIR      the knowledge folder (default: knowledge/ of this repository)
          -h, --help           this help
        """;

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        try
        {
            var options = Options.Parse(args);
            if (options.Help) { await output.WriteLineAsync(Usage); return 0; }
            if (options.Command == "teams-package")
            {
                var manifests = TeamsPackage.FindManifestFolder(Directory.GetCurrentDirectory(), AppContext.BaseDirectory)
                                ?? throw new UsageException("Cannot find manifests/teams/manifest.json.");
                var written = TeamsPackage.Write(manifests, options.AppId ?? throw new UsageException("teams-package needs --app-id."), options.Out ?? "rolebot-teams.zip");
                await output.WriteLineAsync($"Wrote {written}");
                return 0;
            }
            var folder = options.Knowledge ?? RoleBotEngine.FindDefaultKnowledge(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
            if (folder is null) throw new UsageException("Cannot find the knowledge/ folder; pass --knowledge DIR.");
            using var engine = RoleBotEngine.Load(folder);
            return options.Command switch
            {
                "ask" => await Commands.AskAsync(engine, options, input, output),
                "eval" => await Commands.EvalAsync(engine, options, output),
                "explain" => await Commands.ExplainAsync(engine, options, output),
                "cross-validate" => await Commands.CrossValidateAsync(engine, output),
                "report" => await Commands.ReportAsync(engine, options, output, error),
                _ => await Commands.ChatAsync(engine, options, input, output),
            };
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"rolebot: {e.Message}\n\n{Usage}");
            return 2;
        }
        catch (Exception e) when (e is KnowledgeException or FormatException or IOException or UnauthorizedAccessException or System.Data.Common.DbException or Curation.QuestionLog.QuestionLogException)
        {
            await error.WriteLineAsync($"rolebot: {e.Message}");
            return 1;
        }
        catch (Exception e)
        {
            // Anything else is our bug; the user still gets one line, not a stack trace.
            await error.WriteLineAsync($"rolebot: unexpected error ({e.GetType().Name}): {e.Message}");
            return 70;
        }
    }
}

public sealed class UsageException(string message) : Exception(message);

/// <summary>The parsed command line.</summary>
public sealed record Options(string Command, string? Knowledge, bool Json, bool Help, IReadOnlyList<string> Arguments)
{
    public string? AppId { get; init; }
    public string? Out { get; init; }

    /// <summary>report: the options that say which log to read, over what window, and how to write it.</summary>
    public ReportOptions Report { get; init; } = new();

    public static Options Parse(string[] args)
    {
        string? command = null, knowledge = null, appId = null, output = null;
        bool json = false, help = false;
        var report = new ReportOptions();
        var reportOptionSeen = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            switch (a)
            {
                case "--knowledge" or "-k":
                    if (i + 1 >= args.Length) throw new UsageException("--knowledge needs a folder.");
                    knowledge = args[++i];
                    break;
                case "--json": json = true; break;
                case "--app-id":
                    if (i + 1 >= args.Length) throw new UsageException("--app-id needs a value.");
                    appId = args[++i];
                    break;
                case "--out":
                    if (i + 1 >= args.Length) throw new UsageException("--out needs a file name.");
                    output = args[++i];
                    break;
                case "--since" or "--low" or "--html" or "--sqlite" or "--postgres":
                    if (i + 1 >= args.Length) throw new UsageException($"{a} needs a value.");
                    report = report.With(a, args[++i]);
                    reportOptionSeen = true;
                    break;
                case "--jsonl": report = report with { Jsonl = true }; reportOptionSeen = true; break;
                case "-h" or "--help" or "help" when command is null: help = true; break;
                case "--": rest.AddRange(args[(i + 1)..]); i = args.Length; break;
                default:
                    if (a.StartsWith("--knowledge=")) knowledge = a["--knowledge=".Length..];
                    else if (a.StartsWith('-') && a.Length > 1 && command is null) throw new UsageException($"Unknown option {a}.");
                    else if (command is null) command = a;
                    else rest.Add(a);
                    break;
            }
        }
        command ??= "chat";
        if (command is not ("chat" or "ask" or "eval" or "explain" or "cross-validate" or "teams-package" or "report")) throw new UsageException($"Unknown command '{command}'.");
        if (reportOptionSeen && command != "report") throw new UsageException("--since, --low, --html, --jsonl, --sqlite and --postgres go with report.");
        if (command == "report" && rest.Count > 0) throw new UsageException($"report takes no arguments, only options (got '{rest[0]}').");
        if ((appId is not null || output is not null) && command != "teams-package") throw new UsageException("--app-id and --out go with teams-package.");
        if (command == "eval" && rest.Count != 1) throw new UsageException("eval needs exactly one FILE.");
        if (command == "explain" && rest.Count == 0) throw new UsageException("explain needs a question.");
        if (json && command is not ("ask" or "chat")) throw new UsageException("--json goes with ask or chat.");
        return new Options(command, knowledge, json, help, rest) { AppId = appId, Out = output, Report = report };
    }
}

/// <summary>The options of <c>rolebot report</c>.</summary>
public sealed record ReportOptions
{
    public RoleBot.Curation.Report.ReportWindow Since { get; init; } = RoleBot.Curation.Report.ReportWindow.Default;
    public double Low { get; init; } = RoleBot.Curation.Report.ReportSettings.DefaultLowConfidence;
    public string? Html { get; init; }
    public bool Jsonl { get; init; }
    public string? Sqlite { get; init; }
    public string? Postgres { get; init; }

    public ReportOptions With(string option, string value)
    {
        var next = option switch
        {
            "--since" => RoleBot.Curation.Report.ReportWindow.TryParse(value, out var w) ? this with { Since = w }
                : throw new UsageException($"--since takes a number of days or hours, such as 7d, 24h or 30d (got '{value}')."),
            "--low" => double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var low) && low is > 0 and <= 1
                ? this with { Low = low } : throw new UsageException($"--low takes a confidence between 0 and 1, such as 0.5 (got '{value}')."),
            "--html" => this with { Html = value },
            "--sqlite" => this with { Sqlite = value },
            _ => this with { Postgres = value },
        };
        if (next.Sqlite is not null && next.Postgres is not null) throw new UsageException("Give --sqlite or --postgres, not both.");
        return next;
    }
}
