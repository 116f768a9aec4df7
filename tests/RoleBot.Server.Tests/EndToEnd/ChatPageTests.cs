using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace RoleBot.Server.Tests.EndToEnd;

/// <summary>
/// The local chat page (GET /) in Debian's headless Chromium, driven by Playwright against the real
/// server on 127.0.0.1: a person's view of the same adapter, routes and Adaptive Cards Teams gets.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ChatPageTests(RoleBotServerFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Answers come from a local index, but the machine is shared: be patient, not flaky.</summary>
    private const float Patience = 30_000;

    private HeadlessChromium? _chromium;

    public async Task InitializeAsync() => _chromium = await HeadlessChromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }

    [Fact]
    public async Task ChatPage_WelcomesAnswersComparesAndFollowsUpFromACardButton()
    {
        var server = fixture.Server;
        await using var context = await _chromium!.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Patience);

        // What the page does besides rendering: it must not reach beyond the server, nor throw.
        var problems = new ConcurrentQueue<string>();
        var foreignRequests = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !(message.Text.StartsWith("Failed to load resource") && message.Location.Contains("/favicon.ico")))
                problems.Enqueue($"console: {message.Text} ({message.Location})");
        };
        page.PageError += (_, error) => problems.Enqueue($"page error: {error}");
        // Chromium asks for /favicon.ico by itself; the page declares no icon, so that 404 is not the page's doing.
        page.Response += (_, r) =>
        {
            if (r.Status >= 400 && new Uri(r.Url).AbsolutePath != "/favicon.ico") problems.Enqueue($"HTTP {r.Status}: {r.Request.Method} {r.Url}");
        };
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(server.BaseAddress.AbsoluteUri, StringComparison.Ordinal)) foreignRequests.Enqueue(request.Url);
        };

        var botMessages = page.Locator("#log > .msg.bot");
        var userMessages = page.Locator("#log > .msg.user");
        var question = page.GetByLabel("Your question");
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true });

        try
        {
            // 1. The welcome card, as Teams shows on install.
            var response = await page.GotoAsync(server.BaseAddress.AbsoluteUri);
            Assert.Equal(200, response?.Status);
            // The page runs under the server's Content-Security-Policy: a violation would be a console error below.
            var headers = await response!.AllHeadersAsync();
            Assert.Contains("default-src 'self'", headers["content-security-policy"]);
            Assert.Contains("frame-ancestors", headers["content-security-policy"]);
            await Expect(page).ToHaveTitleAsync("RoleBot: local chat");
            await Expect(botMessages).ToHaveCountAsync(1, new() { Timeout = Patience });
            var welcome = botMessages.Nth(0).GetByTestId("card");
            await Expect(welcome).ToBeVisibleAsync();
            await Expect(welcome).ToContainTextAsync("RoleBot");
            await Expect(welcome).ToContainTextAsync("Commands");

            // 2. A question, typed and sent: the answer card names the role.
            await question.FillAsync("what does an SRE do?");
            await send.ClickAsync();
            await Expect(userMessages.Last).ToHaveTextAsync("what does an SRE do?");
            await Expect(botMessages).ToHaveCountAsync(2, new() { Timeout = Patience });
            var sreCard = botMessages.Nth(1).GetByTestId("card");
            await Expect(sreCard).ToContainTextAsync("Site Reliability Engineer");
            await Expect(question).ToBeEmptyAsync();

            // 3. A comparison: a table whose header row names the three roles.
            await question.FillAsync("/compare devops sre platform");
            await question.PressAsync("Enter");
            await Expect(botMessages).ToHaveCountAsync(3, new() { Timeout = Patience });
            var compareCard = botMessages.Nth(2).GetByTestId("card");
            var table = compareCard.Locator("table.ac-table");
            await Expect(table).ToBeVisibleAsync();
            await Expect(table.Locator("tr").First.Locator("th")).ToContainTextAsync(["DevOps", "SRE", "Platform"]);
            Assert.True(await table.Locator("tr").CountAsync() > 2, "the comparison table has a header row and no rows under it");

            // 4. A follow-up button on the SRE card (Action.Execute → adaptiveCard/action invoke): the next answer is interview prep.
            var interviewButton = sreCard.GetByRole(AriaRole.Button, new() { Name = "Interview tips for SREs", Exact = true });
            await Expect(interviewButton).ToBeVisibleAsync();
            await interviewButton.ClickAsync();
            await Expect(userMessages.Last).ToHaveTextAsync("Interview tips for SREs");
            await Expect(botMessages).ToHaveCountAsync(4, new() { Timeout = Patience });
            var interviewCard = botMessages.Nth(3).GetByTestId("card");
            await Expect(interviewCard).ToContainTextAsync(new Regex("interview", RegexOptions.IgnoreCase));
            await Expect(interviewCard).ToContainTextAsync(new Regex("Site Reliability Engineer|SRE"));

            // 5. 👎 under the SRE answer: one optional question, then thanks; the log keeps both with the question.
            var sreMessage = botMessages.Nth(1);
            await sreMessage.GetByRole(AriaRole.Button, new() { Name = "This didn't help", Exact = true }).ClickAsync();
            var lookingFor = sreMessage.GetByLabel("What were you looking for?");
            await Expect(lookingFor).ToBeVisibleAsync();
            await lookingFor.FillAsync("how SREs split on-call with developers");
            await sreMessage.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
            await Expect(sreMessage.Locator(".feedback")).ToContainTextAsync("Thank you");
            var rows = await Curation.LoggedRows.WaitAsync(server.QuestionLogPath!,
                r => r.Any(q => q.Feedback.Any(f => f.Text == "how SREs split on-call with developers")));
            var disliked = rows.Single(q => q.Feedback.Any(f => f.Text == "how SREs split on-call with developers"));
            Assert.Equal("what does an SRE do?", disliked.Question);
            Assert.Equal("define", disliked.Intent);
            Assert.Equal("webchat", disliked.Channel);
            // The welcome is not an answer to anything: no feedback buttons on it.
            await Expect(botMessages.Nth(0).Locator(".feedback")).ToHaveCountAsync(0);

            await Expect(page.Locator(".msg.error")).ToHaveCountAsync(0);
            Assert.True(problems.IsEmpty, "The page reported errors:\n" + string.Join('\n', problems));
            Assert.True(foreignRequests.IsEmpty, "The page requested something other than the server (nothing may depend on the network):\n" + string.Join('\n', foreignRequests));
        }
        finally
        {
            await SaveScreenshotsAsync(page);
        }
    }

    private async Task SaveScreenshotsAsync(IPage page)
    {
        try
        {
            var dir = EndToEndEnvironment.ArtifactsDir;
            var viewport = Path.Combine(dir, "chat-page.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = viewport, Timeout = 10_000 });
            output.WriteLine($"Screenshot (what a person sees): {viewport}");

            // The whole conversation, not just the scrolled-to-the-end viewport.
            var log = page.Locator("#log");
            if (await log.CountAsync() == 1)
            {
                var conversation = Path.Combine(dir, "chat-page-conversation.png");
                await page.EvaluateAsync("() => { const l = document.getElementById('log'); l.style.overflow = 'visible'; l.style.flex = 'none'; document.body.style.height = 'auto'; }");
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = conversation, FullPage = true, Timeout = 10_000 });
                output.WriteLine($"Screenshot (whole conversation): {conversation}");
            }
        }
        catch (PlaywrightException e)
        {
            output.WriteLine($"No screenshot: {e.Message}");
        }
        output.WriteLine($"Server log: {fixture.Server.LogPath}");
    }
}
