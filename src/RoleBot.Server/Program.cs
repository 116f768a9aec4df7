using RoleBot.Server;
using RoleBot.Server.Http;

// A published server finds its wwwroot beside its own files, whatever folder it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ServerSetup.PublishedContentRoot() });
builder.AddRoleBot();            // the answer engine, loaded in the background
builder.AddSharedState();        // Redis for what replicas share, else memory
builder.AddQuestionLog();        // questions and feedback: SQLite file, or PostgreSQL for replicas
builder.AddBotFramework();       // Teams, Web Chat, Emulator, Agents Playground
builder.AddSlack();              // Slack: Events API, slash commands, buttons, Socket Mode
builder.AddSecurityHeaders();    // no Server header
builder.AddObservability();      // OTLP traces and metrics when OTEL_EXPORTER_OTLP_ENDPOINT is set

var app = builder.Build();
app.UseSecurityHeaders();        // CSP, nosniff, no framing, no referrer: every response
app.UseBadRequestAnswers();      // an unreadable body is a 400, never a 500
app.UseDefaultFiles();
app.UseStaticFiles();            // the local chat page at /
app.MapHealthChecks();           // /healthz, /readyz
app.MapPrometheus();             // /metrics
app.MapBotFramework("/api/messages");
app.MapSlack("/slack");          // /slack/events, /slack/commands, /slack/interactivity
return app.RunOrExplain();      // bad settings: one line on stderr and exit 1, no stack trace

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
