using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>
/// The terminal front end, driven through <c>Cli.RunAsync</c> with in-memory streams: what it prints,
/// its exit codes, the JSON contract, and that mistakes give a message rather than a stack trace.
/// </summary>
public sealed class CliTests
{
    private sealed record Run(int Code, string Out, string Err);

    private static async Task<Run> RunAsync(string input, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await global::RoleBot.Cli.Cli.RunAsync(args, new StringReader(input), output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    private static Task<Run> AskAsync(string input, params string[] args) =>
        RunAsync(input, ["--knowledge", Paths.Knowledge, .. args]);

    private static List<JsonElement> JsonLines(string output) => output
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => JsonDocument.Parse(l).RootElement.Clone())
        .ToList();

    private static void NoStackTrace(Run run)
    {
        Assert.DoesNotContain("   at ", run.Err);
        Assert.DoesNotContain("   at ", run.Out);
        Assert.DoesNotContain("Exception", run.Err);
    }

    // ---- ask ----

    [Fact]
    public async Task Ask_prints_the_answer_and_exits_0_using_the_repos_knowledge_by_default()
    {
        var run = await RunAsync("", "ask", "what does an SRE do?");

        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Err);
        var lines = run.Out.Split('\n');
        Assert.Equal("Site Reliability Engineer", lines[0]);
        Assert.Contains("reliab", lines[1], StringComparison.OrdinalIgnoreCase);
        Assert.Contains("roles/sre.md", run.Out);
        Assert.Contains("You could ask:", run.Out);
    }

    [Fact]
    public async Task Ask_joins_unquoted_words_into_one_question()
    {
        var quoted = await AskAsync("", "ask", "who writes the runbooks?");
        var unquoted = await AskAsync("", "ask", "who", "writes", "the", "runbooks?");

        Assert.Equal(0, unquoted.Code);
        Assert.Equal(quoted.Out, unquoted.Out);
        Assert.Contains("runbook", unquoted.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Ask_json_in_batch_mode_prints_one_json_object_per_question()
    {
        var questions = new[] { "who writes the runbooks?", "what is an SLO", "hello" };

        var run = await AskAsync(string.Join("\n", questions[0], "", "   ", questions[1], questions[2]) + "\n", "ask", "--json");

        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Err);
        var answers = JsonLines(run.Out);
        Assert.Equal(3, answers.Count);
        var intents = IntentRegistry.Builtin().Intents.Select(i => i.Intent.Id).ToHashSet();
        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            Assert.Equal(questions[i], a.GetProperty("question").GetString());
            Assert.Contains(a.GetProperty("intent").GetString()!, intents);
            var roles = a.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToList();
            Assert.Equal(roles.Order(StringComparer.Ordinal), roles);
            var confidence = a.GetProperty("confidence").GetDouble();
            Assert.InRange(confidence, 0, 1);
            Assert.False(string.IsNullOrWhiteSpace(a.GetProperty("text").GetString()));
            foreach (var source in a.GetProperty("sources").EnumerateArray())
            {
                var file = source.GetProperty("file").GetString()!;
                Assert.False(string.IsNullOrWhiteSpace(source.GetProperty("title").GetString()));
                Assert.True(File.Exists(Path.Combine(Paths.Knowledge, file)), $"cited file {file} does not exist");
            }
            Assert.NotEmpty(a.GetProperty("suggestions").EnumerateArray().Select(s => s.GetString()));
            Assert.All(a.GetProperty("suggestions").EnumerateArray(), s => Assert.Equal(JsonValueKind.String, s.ValueKind));
        }

        Assert.Equal("who", answers[0].GetProperty("intent").GetString());
        Assert.Equal(["sre"], answers[0].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["sre"], answers[1].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Empty(answers[2].GetProperty("roles").EnumerateArray());
        Assert.Equal("greeting", answers[2].GetProperty("intent").GetString());
        Assert.NotEmpty(answers[0].GetProperty("sources").EnumerateArray());
        Assert.Empty(answers[2].GetProperty("sources").EnumerateArray());
    }

    [Fact]
    public async Task Chat_json_reads_standard_input_as_one_conversation_while_ask_json_answers_each_line_alone()
    {
        const string script = "what does an SRE do?\nand their tools?\n\ncompare them with cloud\n";

        var chat = JsonLines((await AskAsync(script, "chat", "--json")).Out);
        var ask = JsonLines((await AskAsync(script, "ask", "--json")).Out);

        Assert.Equal(3, chat.Count);
        Assert.Equal(3, ask.Count);
        Assert.Equal(ask[0].EnumerateObject().Select(p => p.Name), chat[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal("tools", chat[1].GetProperty("intent").GetString());
        Assert.Equal(["sre"], chat[1].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.NotEqual(["sre"], ask[1].GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Ask_json_sorts_roles_whatever_order_they_were_named_in()
    {
        var run = await AskAsync("", "ask", "--json", "/compare sre devops");

        var answer = Assert.Single(JsonLines(run.Out));
        Assert.Equal("compare", answer.GetProperty("intent").GetString());
        Assert.Equal(["devops", "sre"], answer.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Ask_in_batch_mode_without_json_prints_each_answer()
    {
        var run = await AskAsync("what does an SRE do?\nwho writes the runbooks?\n", "ask");

        Assert.Equal(0, run.Code);
        Assert.Contains("Site Reliability Engineer", run.Out);
        Assert.Contains("Who owns runbooks?", run.Out);
        Assert.True(run.Out.IndexOf("Site Reliability Engineer", StringComparison.Ordinal) < run.Out.IndexOf("Who owns runbooks?", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Knowledge_option_with_the_seed_articles_answers_from_them()
    {
        var run = await RunAsync("", "--knowledge", Paths.Seeds, "ask", "--json", "what does an SRE do?");

        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Err);
        var answer = Assert.Single(JsonLines(run.Out));
        Assert.Equal("define", answer.GetProperty("intent").GetString());
        Assert.Equal(["sre"], answer.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Contains("reliab", answer.GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase);
        var files = answer.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("file").GetString()!).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(File.Exists(Path.Combine(Paths.Seeds, f)), $"{f} is not a seed file"));
    }

    // ---- eval ----

    [Fact]
    public async Task Eval_prints_the_precision_recall_table_and_the_misses()
    {
        using var folder = new TempFolder();
        var file = folder.Write("questions.jsonl", """
            {"q": "what does an SRE do?", "intent": "define", "roles": ["sre"]}
            {"q": "who writes the runbooks?", "intent": "who", "roles": ["sre"]}

            {"q": "hello there", "intent": "tools", "roles": ["cloud"]}
            """);

        var run = await AskAsync("", "eval", file);

        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Err);
        Assert.Contains("questions: 3", run.Out);
        Assert.Contains("precision", run.Out);
        Assert.Contains("recall", run.Out);
        Assert.Matches(@"(?m)^define\s+1\s+100\s?%\s+100\s?%$", run.Out);
        Assert.Matches(@"(?m)^tools\s+1\s+0\s?%\s+0\s?%$", run.Out);
        Assert.Contains("misses:", run.Out);
        Assert.Contains("\"hello there\": expected tools [cloud], got greeting []", run.Out);
        Assert.DoesNotContain("\"what does an SRE do?\": expected", run.Out);
    }

    // ---- mistakes ----

    public static TheoryData<string, string[], string> BadArguments => new()
    {
        { "unknown command", ["frobnicate"], "frobnicate" },
        { "unknown option", ["--frobnicate", "ask", "hi"], "--frobnicate" },
        { "--knowledge alone", ["--knowledge"], "--knowledge" },
        { "--knowledge without a folder", ["ask", "hi", "--knowledge"], "--knowledge" },
        { "--knowledge folder that does not exist", ["--knowledge", "/nonexistent/rolebot-knowledge", "ask", "hi"], "/nonexistent/rolebot-knowledge" },
        { "eval without a file", ["eval"], "eval" },
        { "eval with a missing file", ["eval", "missing-" + Guid.NewGuid().ToString("N") + ".jsonl"], "missing-" },
        { "--json with eval", ["eval", "--json", "x.jsonl"], "--json" },
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Bad_arguments_give_a_clear_message_a_nonzero_exit_and_no_stack_trace(string problem, string[] args, string named)
    {
        var run = await RunAsync("", args);

        Assert.True(run.Code != 0, $"{problem}: exit code 0");
        Assert.StartsWith("rolebot: ", run.Err);
        Assert.Contains(named, run.Err.Split('\n')[0]);
        Assert.Equal("", run.Out);
        NoStackTrace(run);
    }

    [Fact]
    public async Task A_malformed_eval_file_names_the_file_and_line()
    {
        using var folder = new TempFolder();
        var file = folder.Write("broken.jsonl", "{\"q\": \"what does an SRE do?\", \"intent\": \"define\", \"roles\": [\"sre\"]}\n{not json\n");

        var run = await AskAsync("", "eval", file);

        Assert.NotEqual(0, run.Code);
        Assert.Contains(file + ":2", run.Err);
        NoStackTrace(run);
    }

    [Fact]
    public async Task A_malformed_roles_yaml_names_the_file_without_a_stack_trace()
    {
        using var folder = new TempFolder();
        var catalog = folder.Write("roles.yaml", "roles:\n  - id: sre\n    name: \"unclosed\n");
        folder.Write("notes.md", "# Notes\n\nSREs keep production reliable.\n");

        var run = await RunAsync("", "--knowledge", folder.Path, "ask", "what does an SRE do?");

        Assert.Equal(1, run.Code);
        Assert.Contains(catalog, run.Err);
        NoStackTrace(run);
    }

    [Fact]
    public async Task A_catalog_error_the_loader_does_not_expect_still_gives_a_message_not_a_stack_trace()
    {
        using var folder = new TempFolder();
        folder.Write("roles.yaml", "roles:\n  - id: sre\n    name: Site Reliability Engineer\n  - id: sre\n    name: Reliability Engineer\n");
        folder.Write("notes.md", "# Notes\n\nSREs keep production reliable.\n");

        var run = await RunAsync("", "--knowledge", folder.Path, "ask", "what does an SRE do?");

        Assert.NotEqual(0, run.Code);
        Assert.StartsWith("rolebot: ", run.Err);
        Assert.Contains("roles.yaml", run.Err);
        NoStackTrace(run);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_exits_0()
    {
        var run = await RunAsync("", "--help");

        Assert.Equal(0, run.Code);
        Assert.Contains("Usage: rolebot", run.Out);
        Assert.Contains("ask --json", run.Out);
    }

    // ---- a host with real cultures ----

    /// <summary>
    /// Runs the built CLI in a fresh process with ICU cultures on (unlike the shipped CLI, which is
    /// invariant) and the given locale, as a chat host on a Turkish server would run the engine.
    /// </summary>
    private static async Task<JsonElement> AskInProcessAsync(string locale, string question)
    {
        using var folder = new TempFolder();
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "rolebot.runtimeconfig.json")))!;
        var properties = config["runtimeOptions"]!["configProperties"] as JsonObject ?? new JsonObject();
        properties["System.Globalization.Invariant"] = false;
        properties.Remove("System.Globalization.PredefinedCulturesOnly");
        config["runtimeOptions"]!["configProperties"] = properties;
        var runtimeConfig = folder.Write("rolebot.runtimeconfig.json", config.ToJsonString());

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "exec", "--runtimeconfig", runtimeConfig, "--depsfile", Path.Combine(AppContext.BaseDirectory, "rolebot.deps.json"),
                     Path.Combine(AppContext.BaseDirectory, "rolebot.dll"), "--knowledge", Paths.Knowledge, "ask", "--json", question,
                 })
            start.ArgumentList.Add(arg);
        start.Environment["LC_ALL"] = locale;
        start.Environment["LANG"] = locale;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"rolebot under {locale} exited {process.ExitCode}: {await error}");
        return Assert.Single(JsonLines(await output));
    }

    [Fact]
    public async Task A_host_running_in_Turkish_answers_interview_questions_the_same()
    {
        var english = await AskInProcessAsync("en_US.UTF-8", "/interview sre");
        var turkish = await AskInProcessAsync("tr_TR.UTF-8", "/interview sre");

        Assert.Contains("outage", english.GetProperty("text").GetString());
        Assert.Equal(english.GetProperty("text").GetString(), turkish.GetProperty("text").GetString());
    }
}

public sealed class TeamsPackageTests
{
    [Fact]
    public async Task Teams_package_writes_a_zip_with_the_app_id_and_both_icons_at_the_root()
    {
        var output = Path.Combine(Path.GetTempPath(), $"rolebot-teams-{Guid.NewGuid():N}.zip");
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = await RoleBot.Cli.Cli.RunAsync(["teams-package", "--app-id", "0f8fad5b-d9cb-469f-a165-70867728950e", "--out", output], TextReader.Null, stdout, stderr);
            Assert.True(code == 0, stderr.ToString());
            using var zip = System.IO.Compression.ZipFile.OpenRead(output);
            Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
            using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
            var manifest = System.Text.Json.Nodes.JsonNode.Parse(reader.ReadToEnd())!;
            Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", (string?)manifest["bots"]![0]!["botId"]);
        }
        finally { File.Delete(output); }
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("")]
    public async Task Teams_package_refuses_an_app_id_that_is_not_a_guid(string appId)
    {
        var stderr = new StringWriter();
        var code = await RoleBot.Cli.Cli.RunAsync(["teams-package", "--app-id", appId], TextReader.Null, new StringWriter(), stderr);
        Assert.Equal(2, code);
        Assert.Contains("--app-id", stderr.ToString());
        Assert.DoesNotContain("   at ", stderr.ToString());
    }
}
