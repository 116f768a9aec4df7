using RoleBot.Server;

var builder = WebApplication.CreateBuilder(args);
builder.AddRoleBot();            // the answer engine, loaded in the background
builder.AddBotFramework();       // Teams, Web Chat, Emulator, Agents Playground
builder.AddSlack();              // Slack: Events API, slash commands, buttons, Socket Mode

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();            // the local chat page at /
app.MapHealthChecks();           // /healthz, /readyz
app.MapBotFramework("/api/messages");
app.MapSlack("/slack");          // /slack/events, /slack/commands, /slack/interactivity
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
