using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace RoleBot.Server.Tests.EndToEnd;

/// <summary>
/// Where things are for the end-to-end tests, and the checks that make them FAIL (never skip) with a
/// pointer to tests/e2e-setup.sh when a prerequisite is missing on the machine.
/// </summary>
internal static class EndToEndEnvironment
{
    public const string SetupHint =
        "Run tests/e2e-setup.sh (as root) to install the end-to-end test prerequisites: Debian's chromium and the " +
        "Microsoft 365 Agents Playground (npm ci in tests/playground).";

    /// <summary>The Chromium the tests drive: Debian's, never a Playwright download (that cannot work offline here).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The Agents Playground version whose internal routes PlaygroundTests speaks (tests/playground/package.json pins it).</summary>
    public const string PlaygroundVersion = "0.2.28";

    private static readonly Lazy<string> Root = new(FindRepoRoot);

    /// <summary>The folder holding RoleBot.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot => Root.Value;

    public static string KnowledgePath => Path.Combine(RepoRoot, "knowledge");

    public static string PlaygroundPackageDir =>
        Path.Combine(RepoRoot, "tests", "playground", "node_modules", "@microsoft", "m365agentsplayground");

    /// <summary>Screenshots and process logs: e2e-artifacts/ in the test output folder.</summary>
    public static string ArtifactsDir
    {
        get
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "e2e-artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static void RequireChromium()
    {
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"{ChromiumPath} is missing, so the chat page cannot be tested in a browser. {SetupHint}");
    }

    /// <summary>The Playground's CLI script (its package.json "bin"), after checking the pinned version is installed.</summary>
    public static string RequirePlayground()
    {
        var packageJson = Path.Combine(PlaygroundPackageDir, "package.json");
        if (!File.Exists(packageJson))
            Assert.Fail($"The Agents Playground is not installed ({packageJson} is missing). {SetupHint}");
        var package = JsonNode.Parse(File.ReadAllText(packageJson))!;
        var version = (string?)package["version"];
        if (version != PlaygroundVersion)
            Assert.Fail($"tests/playground has @microsoft/m365agentsplayground {version}, but these tests speak the internal routes of {PlaygroundVersion}. {SetupHint}");
        var bin = (string?)package["bin"]?["agentsplayground"] ?? "cli.js";
        var cli = Path.Combine(PlaygroundPackageDir, bin);
        if (!File.Exists(cli))
            Assert.Fail($"The Agents Playground package is incomplete ({cli} is missing). {SetupHint}");
        return cli;
    }

    /// <summary>A TCP port that was free on 127.0.0.1 a moment ago (callers retry if they lose the race).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try { return ((IPEndPoint)listener.LocalEndpoint).Port; }
        finally { listener.Stop(); }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RoleBot.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No RoleBot.sln above {AppContext.BaseDirectory}; the end-to-end tests must run from the repository's build output.");
    }
}
