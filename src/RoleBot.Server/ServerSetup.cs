using Microsoft.Extensions.Options;
using RoleBot.Server.Bot;
using RoleBot.Server.Channels.Teams;

namespace RoleBot.Server;

/// <summary>The registrations behind each line of Program.cs.</summary>
public static class ServerSetup
{
    public static WebApplicationBuilder AddRoleBot(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<EngineHost>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EngineHost>());
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
            .Validate(o => o.HasAppId || o.AllowAnonymous || builder.Environment.IsDevelopment(),
                "No MicrosoftAppId is configured. Set MicrosoftAppId/MicrosoftAppPassword (and MicrosoftAppTenantId for a single-tenant bot), " +
                "or set Bot:AllowAnonymous=true to accept unauthenticated requests (local testing only).")
            .ValidateOnStart();
        services.AddHttpClient();
        services.AddHttpClient<TokenProvider>();
        services.AddHttpClient<ConnectorClient>();
        services.AddSingleton<BotAuthenticator>();
        services.AddSingleton(sp => TeamsRoutes.Build(sp.GetRequiredService<EngineHost>()));
        services.AddSingleton<TurnQueue>();
        services.AddSingleton<BotFrameworkAdapter>();
        services.AddHostedService<TurnWorker>();
        return builder;
    }

    public static void MapHealthChecks(this WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", (EngineHost host) => host.IsReady
            ? Results.Json(new { status = "ready", passages = host.EngineAsync.Result.Knowledge.Passages.Count })
            : Results.Json(new { status = host.EngineAsync.IsFaulted ? "failed" : "loading" }, statusCode: 503));
    }

    public static void MapBotFramework(this WebApplication app, string path) =>
        app.MapPost(path, (HttpContext http, BotFrameworkAdapter adapter, CancellationToken ct) => adapter.ProcessAsync(http, ct));
}
