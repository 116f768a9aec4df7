using Microsoft.Extensions.Options;
using RoleBot.Server.Bot;
using RoleBot.Server.Delivery;
using RoleBot.Server.Channels.Slack;
using RoleBot.Server.Channels.Teams;

namespace RoleBot.Server;

/// <summary>The registrations behind each line of Program.cs.</summary>
public static class ServerSetup
{
    /// <summary>
    /// The app's own folder when it holds the published <c>wwwroot</c> (a service manager or a
    /// container may start the server from any folder); otherwise null, the working directory,
    /// where <c>dotnet run</c> serves the project's wwwroot as static web assets.
    /// </summary>
    public static string? PublishedContentRoot() =>
        Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot")) ? AppContext.BaseDirectory : null;

    public static WebApplicationBuilder AddRoleBot(this WebApplicationBuilder builder)
    {
        // The Bot Framework convention, unless --urls, ASPNETCORE_URLS or "Urls" says otherwise.
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
            builder.WebHost.UseUrls("http://localhost:3978");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<RoleBotMetrics>();
        builder.Services.AddOptions<DeliveryOptions>().Bind(builder.Configuration.GetSection("Delivery"))
            .Configure(o => o.GracePeriodSeconds = builder.Configuration.GetValue("Shutdown:GracePeriodSeconds", o.GracePeriodSeconds));
        // The host waits for the drain: the grace period plus a little for the last log lines.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<DeliveryOptions>>((h, d) => h.ShutdownTimeout = d.Value.GracePeriod + TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<RetryingSender>();
        builder.Services.AddSingleton<UserRateLimit>();
        builder.Services.AddSingleton<OutboundQueues>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboundQueues>());
        builder.Services.AddSingleton<EngineHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
        return builder;
    }

    /// <summary>
    /// What replicas must agree on (Slack de-duplication, conversation context): in Redis when
    /// <c>Redis:Configuration</c> or <c>REDIS_URL</c> says where, else in this process's memory.
    /// </summary>
    public static WebApplicationBuilder AddSharedState(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<InMemoryDeduplicator>();
        var redis = SharedState.RedisConnection.Options(builder.Configuration["Redis:Configuration"], builder.Configuration["REDIS_URL"]);
        if (redis is null)
        {
            services.AddSingleton<IDeduplicator>(sp => sp.GetRequiredService<InMemoryDeduplicator>());
            return builder;
        }
        services.AddSingleton(sp => SharedState.RedisConnection.Connect(redis, sp.GetRequiredService<ILogger<SharedState.RedisConnection>>()));
        services.AddHostedService<SharedState.RedisStartup>();
        services.AddSingleton<IDeduplicator>(sp => new SharedState.RedisDeduplicator(sp.GetRequiredService<SharedState.RedisConnection>(), sp.GetRequiredService<InMemoryDeduplicator>(), sp.GetRequiredService<ILogger<SharedState.RedisDeduplicator>>()));
        services.AddSingleton<Conversations.IConversationStore>(sp => new SharedState.RedisConversationStore(
            sp.GetRequiredService<SharedState.RedisConnection>(), TimeSpan.FromMinutes(builder.Configuration.GetValue("Conversations:IdleMinutes", 30.0))));
        return builder;
    }

    /// <summary>
    /// The questions log and the feedback on answers: a SQLite file by default, PostgreSQL when
    /// <c>Log:PostgreSql</c> holds a connection string, nothing at all when <c>Log:Questions=false</c>.
    /// </summary>
    public static WebApplicationBuilder AddQuestionLog(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<Curation.QuestionLogOptions>().Bind(builder.Configuration.GetSection("Log"))
            .Validate(o => o.RetentionDays > 0 && o.QueueCapacity > 0, "Log:RetentionDays and Log:QueueCapacity must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<Curation.QuestionLog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<Curation.QuestionLog>());
        return builder;
    }

    public static WebApplicationBuilder AddBotFramework(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<BotOptions>()
            .Bind(builder.Configuration)                 // MicrosoftAppId, … at the root
            .Bind(builder.Configuration.GetSection("Bot"))
            .PostConfigure(o =>
            {
                if (builder.Environment.IsDevelopment() || !o.HasAppId)
                    o.AllowedServiceUrlHosts.AddRange(["localhost", "127.0.0.1", "[::1]"]);
            })
            .Validate(o => !string.Equals(o.MicrosoftAppType, "UserAssignedMSI", StringComparison.OrdinalIgnoreCase),
                "MicrosoftAppType=UserAssignedMSI is not supported yet: use SingleTenant with a client secret.")
            .Validate(o => o.HasAppId || o.AllowAnonymous || builder.Environment.IsDevelopment(),
                "No MicrosoftAppId is configured. Set MicrosoftAppId/MicrosoftAppPassword (and MicrosoftAppTenantId for a single-tenant bot), " +
                "or set Bot:AllowAnonymous=true to accept unauthenticated requests (local testing only).")
            .ValidateOnStart();
        services.AddHttpClient();
        // Each attempt has its own timeout (Delivery:AttemptTimeoutSeconds); this only stops a call
        // without one (token requests) hanging for HttpClient's default 100 s.
        services.ConfigureHttpClientDefaults(http => http.ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(30)));
        // Singletons: the token cache must outlive any one request.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TokenProvider>(sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient("RoleBot.Token")));
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ConnectorClient>(sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient("RoleBot.Connector")));
        services.AddSingleton<BotAuthenticator>();
        services.AddSingleton(sp => TeamsRoutes.Build(sp.GetRequiredService<EngineHost>(), sp.GetRequiredService<UserRateLimit>(), sp.GetRequiredService<Curation.QuestionLog>()));
        services.AddSingleton<BotFrameworkAdapter>();
        return builder;
    }

    public static WebApplicationBuilder AddSlack(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SlackOptions>().Configure<IConfiguration>(SlackOptions.Bind)
            .Validate(o => o.ApiUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ||
                           Uri.TryCreate(o.ApiUrl, UriKind.Absolute, out var u) && u.IsLoopback,
                "SLACK_API_URL must be https (the bot token travels with every call).")
            .ValidateOnStart();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<SlackWebApi>(sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient("RoleBot.Slack")));
        services.AddSingleton(sp => SlackRoutes.Build(sp.GetRequiredService<EngineHost>(), sp.GetRequiredService<SlackWebApi>(), sp.GetRequiredService<IOptions<SlackOptions>>(), sp.GetRequiredService<IDeduplicator>(), sp.GetRequiredService<RoleBotMetrics>(), sp.GetRequiredService<UserRateLimit>(), sp.GetRequiredService<Curation.QuestionLog>(), sp.GetRequiredService<ILogger<SlackApp>>()));
        services.AddSingleton<SlackInbox>();
        services.AddSingleton<SlackEndpoints>();
        services.AddSingleton<SlackSocketMode>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackSocketMode>());
        return builder;
    }

    /// <summary>Slack's three request URLs; each answers 404 while no signing secret is configured.</summary>
    public static void MapSlack(this WebApplication app, string prefix)
    {
        app.MapPost(prefix + "/events", (HttpContext http, SlackEndpoints slack, CancellationToken ct) => slack.EventsAsync(http, ct));
        app.MapPost(prefix + "/commands", (HttpContext http, SlackEndpoints slack, CancellationToken ct) => slack.CommandsAsync(http, ct));
        app.MapPost(prefix + "/interactivity", (HttpContext http, SlackEndpoints slack, CancellationToken ct) => slack.InteractivityAsync(http, ct));
    }

    public static void MapHealthChecks(this WebApplication app)
    {
        // HEAD too: load balancers and uptime checkers probe with it.
        app.MapMethods("/healthz", ["GET", "HEAD"], () => Results.Text("ok"));
        // Redis or the log's database away is reported but not "not ready": answers still flow,
        // without shared context, and log entries wait.
        app.MapMethods("/readyz", ["GET", "HEAD"], (EngineHost host, Curation.QuestionLog log, IServiceProvider services) =>
        {
            var redis = services.GetService<SharedState.RedisConnection>() is { } r ? (r.IsConnected ? "connected" : "unavailable") : "not configured";
            var questionLog = !log.Enabled ? "off" : log.Kind + (log.Healthy ? "" : " (unavailable)");
            return host.IsReady
                ? Results.Json(new { status = "ready", passages = host.EngineAsync.Result.Knowledge.Passages.Count, redis, questionLog })
                : Results.Json(new { status = host.EngineAsync.IsFaulted ? "failed" : "loading", redis, questionLog }, statusCode: 503);
        });
    }

    public static void MapBotFramework(this WebApplication app, string path) =>
        app.MapPost(path, (HttpContext http, BotFrameworkAdapter adapter, CancellationToken ct) => adapter.ProcessAsync(http, ct));
}
