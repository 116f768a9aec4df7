using RoleBot.Evaluation;

namespace RoleBot.Tests;

/// <summary>
/// <c>rolebot report</c> through <c>Cli.RunAsync</c>, over a real SQLite log: which log it reads,
/// what each output looks like, and that mistakes are a message with exit code 2 (or 1), not a trace.
/// </summary>
public sealed class ReportCommandTests : IAsyncLifetime
{
    private readonly ReportLog _log = new();

    public Task InitializeAsync() => Task.CompletedTask;
    public async Task DisposeAsync() => await _log.DisposeAsync();

    private sealed record Run(int Code, string Out, string Err);

    private static async Task<Run> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await global::RoleBot.Cli.Cli.RunAsync(["--knowledge", Paths.Knowledge, .. args], new StringReader(""), output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    private const string Hostile = "<script>alert('x')</script> & \"quotes\" \u001b[31mred";

    private async Task<string> WriteWeekAsync()
    {
        for (var i = 0; i < 3; i++) _log.Declined("how much does an SRE earn in Berlin", user: $"p{i}");
        _log.Declined("SRE salary Berlin");
        _log.Declined(Hostile);
        var answer = _log.Answered("what does an SRE do?", roles: ["sre"]);
        _log.Feedback(answer, Curation.QuestionLog.Reaction.Dislike, "too long & vague");
        _log.Answered("/compare devops sre", intent: "compare", confidence: 1, kind: "command", cited: ["roles/devops.md#Definition"]);
        _log.Answered("ten days ago", at: _log.Now.AddDays(-10));
        return await _log.WriteAsync();
    }

    [Fact]
    public async Task Report_prints_every_section_for_a_terminal()
    {
        var run = await RunAsync("report", "--sqlite", await WriteWeekAsync());

        Assert.Equal(0, run.Code);
        Assert.Equal("", run.Err);
        Assert.Contains("7 questions (6 typed), 5 not answered", run.Out);
        foreach (var heading in new[] { "Questions per day", "Questions per intent", "Unanswered and unsure questions by meaning", "Most disliked answers", "Most cited sections", "Least cited sections", "Knowledge files" })
            Assert.Contains(heading, run.Out);
        Assert.Contains("1. 4 asked by", run.Out);
        Assert.Contains("belongs near: intent ", run.Out);
        Assert.Contains("said:  \"too long & vague\"", run.Out);
        Assert.DoesNotContain("ten days ago", run.Out);
        // A terminal must not obey escape sequences someone typed into a question.
        Assert.DoesNotContain('\u001b', run.Out);
    }

    [Fact]
    public async Task Report_html_writes_one_self_contained_page_with_the_logged_texts_escaped()
    {
        var html = _log.Path + ".html";
        try
        {
            var run = await RunAsync("report", "--since", "30d", "--html", html, "--sqlite", await WriteWeekAsync());

            Assert.Equal(0, run.Code);
            Assert.Equal("", run.Out);
            Assert.Contains($"Wrote {html}", run.Err);
            var page = await File.ReadAllTextAsync(html);
            Assert.StartsWith("<!DOCTYPE html>", page);
            Assert.Contains("<svg id=\"chart-per-day\"", page);
            Assert.Contains("<svg id=\"chart-per-intent\"", page);
            Assert.Contains("class=\"bar s0\"", page);
            Assert.Contains("<b>8</b><span>questions</span>", page);
            Assert.DoesNotContain("<script", page);
            Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;", page);
            Assert.Contains("too long &amp; vague", page);
            Assert.DoesNotContain("http://", page.Replace("http://www.w3.org/2000/svg", ""));
            Assert.DoesNotContain("https://", page);
        }
        finally { File.Delete(html); }
    }

    [Fact]
    public async Task Report_jsonl_prints_the_unanswered_questions_as_labelled_questions_to_fill_in()
    {
        var run = await RunAsync("report", "--jsonl", "--sqlite", await WriteWeekAsync());

        Assert.Equal(0, run.Code);
        var file = _log.Path + ".jsonl";
        try
        {
            await File.WriteAllTextAsync(file, run.Out);
            var questions = LabelledQuestion.ReadFile(file);
            Assert.Equal(["how much does an SRE earn in Berlin", "SRE salary Berlin"], questions.Take(2).Select(q => q.Question));
            Assert.All(questions, q => Assert.Equal("", q.Intent));
            Assert.Equal(["sre"], questions[0].Roles);
            Assert.Equal(3, questions.Count);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task Report_reads_the_log_the_server_is_configured_with_when_no_option_names_one()
    {
        var path = await WriteWeekAsync();
        var before = Environment.GetEnvironmentVariable("Log__SqlitePath");
        Environment.SetEnvironmentVariable("Log__SqlitePath", path);
        try
        {
            var run = await RunAsync("report");

            Assert.Equal(0, run.Code);
            Assert.Contains("7 questions", run.Out);
        }
        finally { Environment.SetEnvironmentVariable("Log__SqlitePath", before); }
    }

    [Fact]
    public async Task Report_over_a_log_that_is_not_there_says_where_it_looked_and_creates_nothing()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"rolebot-none-{Guid.NewGuid():n}", "questions.db");

        var run = await RunAsync("report", "--sqlite", missing);

        Assert.Equal(1, run.Code);
        Assert.Contains($"No questions log at {missing}", run.Err);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Fact]
    public async Task Report_over_a_log_from_a_newer_RoleBot_says_so_and_exits_1()
    {
        var path = await _log.WriteAsync();
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path))
        {
            await connection.OpenAsync();
            await using var command = new Microsoft.Data.Sqlite.SqliteCommand("INSERT INTO rolebot_schema (version) VALUES (99)", connection);
            await command.ExecuteNonQueryAsync();
        }

        var run = await RunAsync("report", "--sqlite", path);

        Assert.Equal(1, run.Code);
        Assert.Contains("schema version 99, newer than this build's", run.Err);
        Assert.DoesNotContain("unexpected", run.Err);
    }

    [Fact]
    public async Task Report_over_an_empty_window_says_so()
    {
        _log.Answered("long ago", at: _log.Now.AddDays(-40));

        var run = await RunAsync("report", "--sqlite", await _log.WriteAsync());

        Assert.Equal(0, run.Code);
        Assert.Contains("No questions were logged in this window.", run.Out);
    }

    [Theory]
    [InlineData("report", "--since", "2w")]
    [InlineData("report", "--since", "0d")]
    [InlineData("report", "--low", "1.5")]
    [InlineData("report", "--low", "0,5")]
    [InlineData("report", "--sqlite", "a.db", "--postgres", "Host=localhost")]
    [InlineData("report", "--html")]
    [InlineData("report", "extra")]
    [InlineData("ask", "--since", "7d", "hello")]
    [InlineData("eval", "--jsonl", "file.jsonl")]
    public async Task Report_options_used_wrongly_are_a_usage_error(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.Code);
        Assert.StartsWith("rolebot: ", run.Err);
        Assert.Contains("report [--since 7d]", run.Err);
        Assert.DoesNotContain("   at ", run.Err);
    }
}
