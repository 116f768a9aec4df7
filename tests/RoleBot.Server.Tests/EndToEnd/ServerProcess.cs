using System.Reflection;

namespace RoleBot.Server.Tests.EndToEnd;

/// <summary>
/// The real RoleBot server as a separate process: <c>dotnet RoleBot.Server.dll --urls http://127.0.0.1:PORT</c>
/// on Kestrel, in anonymous local mode (Development, no MicrosoftAppId), with the repository's
/// knowledge/ folder. Started once for the whole EndToEnd collection; ready once /readyz says so.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private readonly ChildProcess _process;

    public Uri BaseAddress { get; }
    public Uri MessagesEndpoint => new(BaseAddress, "api/messages");
    internal string LogPath => _process.LogPath;

    /// <summary>The SQLite file this server logs questions to (null when a test chose PostgreSQL).</summary>
    public string? QuestionLogPath { get; }

    private ServerProcess(ChildProcess process, Uri baseAddress, string? questionLogPath)
    {
        _process = process;
        BaseAddress = baseAddress;
        QuestionLogPath = questionLogPath;
    }

    public static Task<ServerProcess> StartAsync() => StartAsync(new Dictionary<string, string?>(), "server.log");

    /// <summary>The same server with <paramref name="settings"/> added to its environment (e.g. <c>Redis__Configuration</c>).</summary>
    public static Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string logName) =>
        StartAsync(baseAddress => Launch(baseAddress, settings, logName));

    /// <summary>How this server is started for <paramref name="baseAddress"/>, with <paramref name="settings"/> added to its environment.</summary>
    internal static ServerLaunch Launch(Uri baseAddress, IReadOnlyDictionary<string, string?> settings, string logName)
    {
        var dll = FindServerDll();
        var contentRoot = Path.Combine(EndToEndEnvironment.RepoRoot, "src", "RoleBot.Server");
        var environment = new Dictionary<string, string?>(Environment());
        // Each server logs questions to its own SQLite file unless the test says where.
        environment["Log__SqlitePath"] = Path.Combine(Path.GetTempPath(), "rolebot-tests", $"questions-{Guid.NewGuid():N}.db");
        foreach (var (key, value) in settings) environment[key] = value;
        return new ServerLaunch(DotnetHost(), [dll, "--urls", baseAddress.AbsoluteUri.TrimEnd('/')], contentRoot, environment, logName);
    }

    /// <summary>
    /// Starts the server that <paramref name="launch"/> describes for a free port on 127.0.0.1 (another
    /// port if that one is taken meanwhile) and waits until its /readyz answers 200.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(Func<Uri, ServerLaunch> launch)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = EndToEndEnvironment.FreePort();
            var baseAddress = new Uri($"http://127.0.0.1:{port}/");
            var how = launch(baseAddress);
            var process = ChildProcess.Start("RoleBot.Server", how.FileName, how.Arguments,
                how.WorkingDirectory, how.Environment, Path.Combine(EndToEndEnvironment.ArtifactsDir, how.LogName));
            var server = new ServerProcess(process, baseAddress, how.Environment.TryGetValue("Log__PostgreSql", out var pg) && !string.IsNullOrEmpty(pg) ? null
                : how.Environment.TryGetValue("Log__SqlitePath", out var path) ? path : null);
            try
            {
                await server.WaitUntilReadyAsync();
                return server;
            }
            catch (PortTakenException) when (attempt < 3)
            {
                await server.DisposeAsync(); // lost the race for the port: try another one
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    public string Describe() => _process.Describe();

    public async ValueTask DisposeAsync() => await _process.StopAsync();

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + ReadyTimeout;
        string last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                if (_process.Tail().Contains("address already in use", StringComparison.OrdinalIgnoreCase)) throw new PortTakenException();
                throw new InvalidOperationException($"The server exited before it was ready.\n{_process.Describe()}");
            }
            try
            {
                using var response = await http.GetAsync("readyz");
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.IsSuccessStatusCode) return;
                if (last.Contains("\"failed\"")) throw new InvalidOperationException($"The server could not load its knowledge: /readyz {last}\n{_process.Describe()}");
            }
            catch (HttpRequestException e) { last = e.Message; }
            catch (TaskCanceledException) { last = "request timed out"; }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The server was not ready after {ReadyTimeout.TotalSeconds:0} s (last /readyz: {last}).\n{_process.Describe()}");
    }

    private static IReadOnlyDictionary<string, string?> Environment() => new Dictionary<string, string?>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Development",
        ["DOTNET_ENVIRONMENT"] = null,
        ["ASPNETCORE_URLS"] = null,
        ["Knowledge__Path"] = EndToEndEnvironment.KnowledgePath,
        // Anonymous local mode whatever the machine's environment says.
        ["MicrosoftAppId"] = "",
        ["MicrosoftAppPassword"] = "",
        ["MicrosoftAppTenantId"] = "",
        ["Bot__AllowAnonymous"] = "true",
        // The tests' one user sends far more than a person would.
        ["RateLimit__Enabled"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>
    /// The server as built alongside these tests: src/RoleBot.Server/bin/{Configuration}/{tfm}/ (what
    /// <c>dotnet run</c> starts), else the copy the project reference put in the test output folder.
    /// </summary>
    private static string FindServerDll()
    {
        var configuration = typeof(ServerProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        string[] candidates =
        [
            Path.Combine(EndToEndEnvironment.RepoRoot, "src", "RoleBot.Server", "bin", configuration, tfm, "RoleBot.Server.dll"),
            Path.Combine(AppContext.BaseDirectory, "RoleBot.Server.dll"),
        ];
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new FileNotFoundException("RoleBot.Server.dll was not built; build tests/RoleBot.Server.Tests first. Looked in: " + string.Join(", ", candidates));
    }

    /// <summary>The dotnet host running these tests (DOTNET_HOST_PATH under `dotnet test`), else the one on PATH.</summary>
    internal static string DotnetHost()
    {
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (System.Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return "dotnet";
    }

    private sealed class PortTakenException : Exception;
}

/// <summary>How to start a server for a base address: the command, the folder it runs in, its environment (null removes a variable), its log file's name.</summary>
public sealed record ServerLaunch(string FileName, IReadOnlyList<string> Arguments, string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment, string LogName);

/// <summary>One server for every end-to-end test class.</summary>
public sealed class RoleBotServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync() => _server = await ServerProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}

/// <summary>
/// The end-to-end tests share one server and run one class at a time, after the rest of the suite
/// (they start a browser and node: too much to run beside other tests on a 2-core machine).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection : ICollectionFixture<RoleBotServerFixture>
{
    public const string Name = "EndToEnd";
}
