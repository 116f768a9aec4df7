using Microsoft.Playwright;

namespace RoleBot.Server.Tests.EndToEnd;

/// <summary>
/// Debian's Chromium, headless, started by Playwright the way this machine allows: no sandbox (root),
/// and none of the background connections a closed network would refuse.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;
    public IBrowser Browser { get; }

    private HeadlessChromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        EndToEndEnvironment.RequireChromium();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = EndToEndEnvironment.ChromiumPath,
                Headless = true,
                Args = Args,
                Timeout = 60_000,
            });
            return new HeadlessChromium(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
