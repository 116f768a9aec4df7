using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RoleBot.Curation.QuestionLog;
using RoleBot.Curation.Report;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RoleBot.Server.Tests.EndToEnd;

/// <summary>
/// The curators' HTML report (<c>rolebot report --html</c>) over a week's synthetic log, opened as a
/// file in Debian's headless Chromium: what a curator sees, and that the page needs nothing but itself.
/// </summary>
public sealed class ReportPageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private HeadlessChromium? _chromium;

    public async Task InitializeAsync() => _chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }

    [Fact]
    public async Task ReportPage_ChartsTheWeek_GroupsNearDuplicateUnansweredQuestions_AndShowsHostileTextAsText()
    {
        var file = await WriteReportAsync();
        await using var context = await _chromium!.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        var problems = new ConcurrentQueue<string>();
        var foreign = new ConcurrentQueue<string>();
        page.Console += (_, m) => { if (m.Type is "error" or "warning") problems.Enqueue($"console {m.Type}: {m.Text}"); };
        page.PageError += (_, e) => problems.Enqueue($"page error: {e}");
        var url = new Uri(file).AbsoluteUri;
        page.Request += (_, r) => { if (r.Url != url) foreign.Enqueue(r.Url); };

        try
        {
            await page.GotoAsync(url);
            await Expect(page).ToHaveTitleAsync(new Regex("^RoleBot questions"));

            // The charts: a bar per day of the week (every day had questions), a bar per intent asked.
            Assert.Equal(7, await page.Locator("#chart-per-day text.label").CountAsync());
            Assert.True(await page.Locator("#chart-per-day rect.bar").CountAsync() >= 7, "the per-day chart has no bars");
            var intentBars = await page.Locator("#chart-per-intent rect.bar").CountAsync();
            Assert.True(intentBars >= 6, $"the per-intent chart has {intentBars} bars");
            await Expect(page.Locator("#chart-per-intent")).ToContainTextAsync("unknown");
            Assert.True(await page.Locator("#chart-most-cited rect.bar").CountAsync() >= 5, "the most-cited chart has few bars");
            Assert.True(await page.Locator("#chart-files rect.bar").CountAsync() >= 5, "the files chart has few bars");

            // The unanswered near-duplicates: one entry each, with the number of times asked, largest first.
            var groups = page.Locator("#unanswered li.group");
            var salary = groups.Filter(new() { HasTextRegex = new Regex("Berlin", RegexOptions.IgnoreCase) });
            await Expect(salary).ToHaveCountAsync(1);
            await Expect(salary.Locator(".count b")).ToHaveTextAsync(SyntheticQuestionLog.SalaryAsked.ToString());
            await Expect(groups.First).ToContainTextAsync("Berlin");
            var github = groups.Filter(new() { HasTextRegex = new Regex("github", RegexOptions.IgnoreCase) });
            await Expect(github).ToHaveCountAsync(1);
            await Expect(github.Locator(".count b")).ToHaveTextAsync(SyntheticQuestionLog.GitHubAsked.ToString());
            await Expect(salary.Locator(".home")).ToContainTextAsync(new Regex(@"Belongs near: intent \w+ .*\.md § "));

            // The hostile question is shown as the text it is: no element of it made it into the page.
            var hostile = groups.Filter(new() { HasText = "window.__pwned = 1" });
            await Expect(hostile.Locator(".lead")).ToHaveTextAsync(SyntheticQuestionLog.Hostile);
            Assert.Equal(0, await page.Locator("script").CountAsync());
            Assert.Equal(0, await page.Locator("img").CountAsync());
            Assert.Equal(0, await page.Locator("#unanswered .lead b").CountAsync());
            Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"), "a script in a logged question ran");

            // Disliked answers with what people wrote, escaped too; never-cited sections are listed.
            await Expect(page.Locator("#disliked blockquote").Filter(new() { HasText = "I wanted actual salary numbers for Berlin" })).ToHaveCountAsync(1);
            await Expect(page.Locator("#disliked blockquote").Filter(new() { HasText = "Too long <b>for</b> a chat reply" }).First).ToBeVisibleAsync();
            Assert.Equal(0, await page.Locator("#disliked blockquote b").CountAsync());
            await Expect(page.Locator("#least-cited .n.zero").First).ToHaveTextAsync("never");

            Assert.True(problems.IsEmpty, "The page reported problems:\n" + string.Join('\n', problems));
            Assert.True(foreign.IsEmpty, "The report is not self-contained; it requested:\n" + string.Join('\n', foreign));
        }
        finally
        {
            await SaveScreenshotsAsync(page);
        }
    }

    /// <summary>A fresh log file with the synthetic week, and the report over it as the command writes it.</summary>
    private async Task<string> WriteReportAsync()
    {
        var dir = EndToEndEnvironment.ArtifactsDir;
        var db = Path.Combine(dir, "report-questions.db");
        foreach (var f in new[] { db, db + "-wal", db + "-shm" }) File.Delete(f);
        var engine = RoleBotEngine.Shared(EndToEndEnvironment.KnowledgePath);
        var now = DateTimeOffset.UtcNow;
        await using (var store = new SqliteQuestionStore(db))
            await SyntheticQuestionLog.WriteAsync(store, engine, now, CancellationToken.None);
        CurationReport report;
        await using (var store = new SqliteQuestionStore(db))
            report = await CurationReport.ReadAsync(store, engine, new ReportSettings(now, ReportWindow.Default), CancellationToken.None);
        Assert.InRange(report.Questions, 250, 400);
        var file = Path.Combine(dir, "report.html");
        await File.WriteAllTextAsync(file, HtmlReport.Render(report));
        output.WriteLine($"Report: {file} over {report.Questions} questions (log: {db})");
        return file;
    }

    private async Task SaveScreenshotsAsync(IPage page)
    {
        try
        {
            var dir = EndToEndEnvironment.ArtifactsDir;
            var viewport = Path.Combine(dir, "report-page.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = viewport, Timeout = 10_000 });
            var full = Path.Combine(dir, "report-page-full.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = full, FullPage = true, Timeout = 10_000 });
            output.WriteLine($"Screenshots (what a curator sees): {viewport}, {full}");
        }
        catch (PlaywrightException e)
        {
            output.WriteLine($"No screenshot: {e.Message}");
        }
    }
}
