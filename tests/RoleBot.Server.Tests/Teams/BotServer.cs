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
    // One test user sends far more than a person would: per-user limits are off unless a test sets them.
    private readonly IDictionary<string, string?> settings = settings.ContainsKey("RateLimit:Enabled") || settings.ContainsKey("RateLimit:Burst")
        ? settings : new Dictionary<string, string?>(settings) { ["RateLimit:Enabled"] = "false" };

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
