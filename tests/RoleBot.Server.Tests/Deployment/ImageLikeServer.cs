using System.Collections;
using RoleBot.Server.Tests.EndToEnd;

namespace RoleBot.Server.Tests.Deployment;

/// <summary>
/// The container image, built and started without a Docker engine, once per test run:
/// <list type="number">
/// <item>the build stage's <c>WORKDIR</c> is a temporary folder, and its <c>COPY</c> lines copy into
/// it from the build context, i.e. the repository as <c>.dockerignore</c> filters it;</item>
/// <item>the build stage's <c>RUN</c> commands run there as written (<c>infra/publish.sh</c>,
/// <c>infra/warm-cache.sh</c>), with the image's <c>/app</c> mapped to a temporary folder;</item>
/// <item>the server starts with the final stage's <c>ENTRYPOINT</c> and <c>ENV</c> and nothing else
/// from this machine's environment, from a working directory of its own (not the repository, not
/// the app's folder), on a free 127.0.0.1 port, in anonymous mode as the CI smoke test runs it.</item>
/// </list>
/// </summary>
public sealed class ImageLikeServer : IAsyncLifetime
{
    /// <summary>Publishing on a shared 2-core machine takes a minute or two; the cache warm-up half a minute.</summary>
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(10);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "rolebot-image-" + Guid.NewGuid().ToString("N")[..8]);
    private ServerProcess? _server;

    internal Dockerfile Dockerfile { get; } = Dockerfile.Load(Path.Combine(EndToEndEnvironment.RepoRoot, "Dockerfile"));

    /// <summary>The build stage's WORKDIR (/src in the image).</summary>
    public string BuildDir => Path.Combine(_root, "build");

    /// <summary>The image's /app.</summary>
    public string AppDir => Path.Combine(_root, "app");

    /// <summary>Where the server is started from.</summary>
    public string WorkingDir => Path.Combine(_root, "elsewhere");

    /// <summary>The image's ROLEBOT_CACHE_DIR, here.</summary>
    public string CacheDir => ToHost(Dockerfile.Final.Environment()["ROLEBOT_CACHE_DIR"]);

    /// <summary>The cache's files (name → size and time written) after the build, before the server started.</summary>
    public IReadOnlyDictionary<string, (long Length, DateTime Written)> CacheAfterBuild { get; private set; } = new Dictionary<string, (long, DateTime)>();

    /// <summary>The environment the server was started with (nothing else was inherited).</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; private set; } = new Dictionary<string, string>();

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server has not started.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(BuildDir);
        Directory.CreateDirectory(AppDir);
        Directory.CreateDirectory(WorkingDir);
        CopyBuildContext();
        var step = 0;
        foreach (var command in Dockerfile.Build.RunCommands())
            await RunBuildStepAsync(ToHostCommand(command), ++step);
        CacheAfterBuild = Snapshot(CacheDir);

        _server = await ServerProcess.StartAsync(baseAddress =>
        {
            var entrypoint = Dockerfile.ExecForm(Dockerfile.Final.Last("ENTRYPOINT")!.Arguments).Select(ToHost).ToList();
            var file = entrypoint[0] == "dotnet" ? ServerProcess.DotnetHost() : entrypoint[0];
            var environment = ImageEnvironment(baseAddress.Port);
            environment["ASPNETCORE_URLS"] = baseAddress.AbsoluteUri.TrimEnd('/');
            environment["Bot__AllowAnonymous"] = "true";
            ServerEnvironment = environment;
            return new ServerLaunch(file, entrypoint.Skip(1).ToList(), WorkingDir, OnlyThese(environment), "image-like-server.log");
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>A path inside the image, as it is here: /app/… → <see cref="AppDir"/>/…, /src/… → <see cref="BuildDir"/>/….</summary>
    public string ToHost(string imagePath)
    {
        foreach (var (image, host) in new[] { ("/app", AppDir), ("/src", BuildDir) })
            if (imagePath == image || imagePath.StartsWith(image + "/"))
                return host + imagePath[image.Length..];
        return imagePath;
    }

    /// <summary>
    /// The final stage's ENV (paths mapped) plus what the .NET base image sets, listening on
    /// <paramref name="port"/>; HOME is an empty folder, as the image's app user has.
    /// </summary>
    public Dictionary<string, string> ImageEnvironment(int port)
    {
        var environment = Dockerfile.Final.Environment().ToDictionary(e => e.Key, e => ToHost(e.Value));
        environment["ASPNETCORE_HTTP_PORTS"] = port.ToString();
        environment["DOTNET_RUNNING_IN_CONTAINER"] = "true";
        environment["APP_UID"] = "1654";
        var home = Path.Combine(_root, "home");
        Directory.CreateDirectory(home);
        environment["HOME"] = home;
        environment["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root) environment["DOTNET_ROOT"] = root;
        return environment;
    }

    /// <summary>The variables given, and every other inherited variable removed.</summary>
    public static IReadOnlyDictionary<string, string?> OnlyThese(IReadOnlyDictionary<string, string> environment)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry inherited in Environment.GetEnvironmentVariables())
            result[(string)inherited.Key] = null;
        foreach (var (key, value) in environment) result[key] = value;
        return result;
    }

    public static IReadOnlyDictionary<string, (long Length, DateTime Written)> Snapshot(string folder) =>
        Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(folder, f.FullName), f => (f.Length, f.LastWriteTimeUtc))
            : new Dictionary<string, (long, DateTime)>();

    /// <summary>The build stage's COPY lines (none takes --from), from the context .dockerignore lets through.</summary>
    private void CopyBuildContext()
    {
        var context = DockerIgnore.Load(Path.Combine(EndToEndEnvironment.RepoRoot, ".dockerignore")).ContextFiles(EndToEndEnvironment.RepoRoot).ToList();
        foreach (var copy in Dockerfile.Build.All("COPY"))
        {
            var (flags, sources, destination) = Dockerfile.Copy(copy);
            Assert.DoesNotContain(flags, f => f.StartsWith("--from"));
            foreach (var source in sources)
            {
                var prefix = source.TrimEnd('/');
                var files = context.Where(f => f == prefix || f.StartsWith(prefix + "/")).ToList();
                Assert.True(files.Count > 0, $"Dockerfile line {copy.Line}: COPY {source} finds nothing in the build context (.dockerignore leaves it out?)");
                foreach (var file in files)
                {
                    // COPY dir/ dest/ puts dir's contents in dest; COPY file dest/ puts the file in dest.
                    var relative = file == prefix ? Path.GetFileName(file) : file[(prefix.Length + 1)..];
                    var target = Path.Combine(BuildDir, destination.TrimStart('.', '/'), relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(Path.Combine(EndToEndEnvironment.RepoRoot, file), target, overwrite: true);
                }
            }
        }
    }

    /// <summary>One RUN line, through bash in the build folder, with a free port for the warm-up's server.</summary>
    private async Task RunBuildStepAsync(string command, int step)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ROLEBOT_WARM_PORT"] = EndToEndEnvironment.FreePort().ToString(),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        // A build nested in `dotnet test` must not inherit the test build's MSBuild settings.
        foreach (DictionaryEntry inherited in Environment.GetEnvironmentVariables())
            if (((string)inherited.Key).StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)) environment[(string)inherited.Key] = null;
        var host = ServerProcess.DotnetHost();
        if (Path.IsPathRooted(host))
            environment["PATH"] = Path.GetDirectoryName(host) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");

        var log = Path.Combine(EndToEndEnvironment.ArtifactsDir, $"image-build-step-{step}.log");
        await using var process = ChildProcess.Start($"RUN {command}", "bash", ["-c", command], BuildDir, environment, log);
        var exitCode = await process.WaitForExitAsync(StepTimeout);
        Assert.True(exitCode == 0, $"The Dockerfile's RUN {command} failed with {exitCode}.\n{process.Describe()}");
    }

    /// <summary>/app (a word of its own, or a path under it) in a shell command, mapped here.</summary>
    private string ToHostCommand(string command) =>
        string.Join(' ', command.Split(' ').Select(word => word.StartsWith('/') ? ToHost(word) : word));
}

/// <summary>
/// The image-like server runs alone, after the parallel tests, like the end-to-end tests: a
/// Release publish and a model warm-up are too much to run beside other tests on 2 cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ImageLikeServerCollection : ICollectionFixture<ImageLikeServer>
{
    public const string Name = "ImageLikeServer";
}
