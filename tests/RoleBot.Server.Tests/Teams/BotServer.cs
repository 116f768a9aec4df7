using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace RoleBot.Server.Tests.Teams;

/// <summary>
/// The real server (Program) under WebApplicationFactory, configured like a deployment: settings
/// come in through configuration exactly as environment variables or appsettings would give them.
/// </summary>
public sealed class BotServer(string environment, IDictionary<string, string?> settings) : WebApplicationFactory<Program>
{
    private readonly IDictionary<string, string?> settings = Defaults(settings);

    /// <summary>
    /// One test user sends far more than a person would: per-user limits are off unless a test sets
    /// them. Each server logs questions to its own SQLite file, never to the machine's default one.
    /// </summary>
    private static IDictionary<string, string?> Defaults(IDictionary<string, string?> given)
    {
        var all = new Dictionary<string, string?>(given);
        if (!all.ContainsKey("RateLimit:Enabled") && !all.ContainsKey("RateLimit:Burst")) all["RateLimit:Enabled"] = "false";
        if (!all.ContainsKey("Log:SqlitePath") && !all.ContainsKey("Log:PostgreSql"))
            all["Log:SqlitePath"] = Path.Combine(Path.GetTempPath(), "rolebot-tests", $"questions-{Guid.NewGuid():N}.db");
        return all;
    }

    /// <summary>The SQLite file this server logs questions to (null when a test chose PostgreSQL).</summary>
    public string? QuestionLogPath => settings.TryGetValue("Log:SqlitePath", out var p) ? p : null;

    public static string RepoRoot { get; } = FindRoot();

    /// <summary>Every line the server logs.</summary>
    public LogSink Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        // Also as host settings: Program.cs reads some while it registers services (OTLP, Redis),
        // before the app configuration below is applied.
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Knowledge:Path"] = settings.TryGetValue("Knowledge:Path", out var path) ? path : Path.Combine(RepoRoot, "knowledge"),
        }));
    }

    /// <summary>A bot with no app id in Development: the local, anonymous mode.</summary>
    public static BotServer Anonymous(IDictionary<string, string?>? extra = null) =>
        new("Development", extra ?? new Dictionary<string, string?>());

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "RoleBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("RoleBot.sln not found");
    }
}
