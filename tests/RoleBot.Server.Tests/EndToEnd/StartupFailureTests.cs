namespace RoleBot.Server.Tests.EndToEnd;

/// <summary>
/// The real server process started with settings it must refuse: what an operator sees in the
/// container log or the service manager is one line naming what to set, and exit status 1.
/// </summary>
public sealed class StartupFailureTests
{
    public static TheoryData<string, Dictionary<string, string?>, string[]> BadSettings() => new()
    {
        {
            "production-without-app-id",
            new() { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Bot__AllowAnonymous"] = null },
            ["MicrosoftAppId", "Bot:AllowAnonymous"]
        },
        {
            "slack-api-over-http",
            new() { ["SLACK_SIGNING_SECRET"] = "secret", ["SLACK_API_URL"] = "http://slack.example.com/api/" },
            ["SLACK_API_URL must be https"]
        },
        {
            "both",
            new() { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Bot__AllowAnonymous"] = null, ["SLACK_SIGNING_SECRET"] = "secret", ["SLACK_API_URL"] = "http://slack.example.com/api/" },
            ["MicrosoftAppId", "SLACK_API_URL must be https"]
        },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Invalid_settings_exit_1_with_one_line_naming_what_to_set(string name, Dictionary<string, string?> settings, string[] named)
    {
        var launch = ServerProcess.Launch(new Uri($"http://127.0.0.1:{EndToEndEnvironment.FreePort()}/"), settings, $"startup-{name}.log");
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var process = ChildProcess.Start("RoleBot.Server", launch.FileName, launch.Arguments, launch.WorkingDirectory,
            launch.Environment, Path.Combine(EndToEndEnvironment.ArtifactsDir, launch.LogName));
        process.Line += lines.Enqueue;

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(200); // the last output lines arrive after the exit

        Assert.True(exitCode == 1, $"exit code {exitCode}\n{process.Describe()}");
        var output = lines.Where(l => l.Trim().Length > 0).ToList();
        var line = Assert.Single(output);
        Assert.StartsWith("RoleBot cannot start: ", line);
        foreach (var setting in named) Assert.Contains(setting, line);
        Assert.DoesNotContain("Unhandled exception", line);
        Assert.DoesNotContain("   at ", line);
    }

    /// <summary>
    /// A port someone else holds: exit 1 (not an abort) and one line that says so. The host logs its
    /// own failure too; that part is .NET's.
    /// </summary>
    [Fact]
    public async Task A_port_already_in_use_exits_1_with_a_line_saying_so()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        var launch = ServerProcess.Launch(new Uri($"http://127.0.0.1:{port}/"), new Dictionary<string, string?>(), "startup-port-in-use.log");
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var process = ChildProcess.Start("RoleBot.Server", launch.FileName, launch.Arguments, launch.WorkingDirectory,
            launch.Environment, Path.Combine(EndToEndEnvironment.ArtifactsDir, launch.LogName));
        process.Line += lines.Enqueue;

        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(200);

        Assert.True(exitCode == 1, $"exit code {exitCode}\n{process.Describe()}");
        var line = Assert.Single(lines, l => l.StartsWith("RoleBot cannot start: "));
        Assert.Contains($"127.0.0.1:{port}", line);
        Assert.Contains("already in use", line);
        Assert.DoesNotContain(lines, l => l.Contains("Unhandled exception"));
    }
}
