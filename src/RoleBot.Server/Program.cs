using RoleBot.Server;

var builder = WebApplication.CreateBuilder(args);
builder.AddRoleBot();            // the answer engine, loaded in the background
builder.AddBotFramework();       // Teams, Web Chat, Emulator, Agents Playground

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();            // the local chat page at /
app.MapHealthChecks();           // /healthz, /readyz
app.MapBotFramework("/api/messages");
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
