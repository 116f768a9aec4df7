using RoleBot.Server.Tests.EndToEnd;

namespace RoleBot.Server.Tests.Deployment;

/// <summary>
/// The Dockerfile's promises that no running server shows: two stages (the SDK only to build), the
/// non-root user, the health check, the port, and a build stage that publishes and warms the cache
/// with the scripts the image-like tests run, into the folders the runtime stage reads.
/// </summary>
public sealed class DockerfileTests
{
    private static readonly Dockerfile File = Dockerfile.Load(Path.Combine(EndToEndEnvironment.RepoRoot, "Dockerfile"));

    [Fact]
    public void The_SDK_builds_and_only_the_ASPNET_runtime_ships()
    {
        Assert.True(File.Stages.Count >= 2, "not a multi-stage build");
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/sdk:10\.0", File.Build.Image);
        Assert.Matches(@"^mcr\.microsoft\.com/dotnet/aspnet:10\.0", File.Final.Image);
        // Same OS flavour for both, so what ran in the build stage runs in the runtime.
        Assert.Equal(File.Build.Image.Split(':')[1], File.Final.Image.Split(':')[1]);
        var copies = File.Final.All("COPY").Select(Dockerfile.Copy).ToList();
        Assert.Contains(copies, c => c.Flags.Contains($"--from={File.Build.Name}") && c.Sources.SequenceEqual(["/app"]) && c.Destination == "/app");
    }

    [Fact]
    public void It_runs_as_a_non_root_user_given_by_number()
    {
        // By number, so Kubernetes' runAsNonRoot can verify it: $APP_UID is the .NET images' `app` (1654).
        var user = File.Final.Last("USER")?.Arguments ?? throw new Xunit.Sdk.XunitException("no USER: the image runs as root");
        Assert.True(user is "$APP_UID" or "${APP_UID}" || int.TryParse(user.Split(':')[0], out var uid) && uid > 0, $"USER {user} is root or a name");
        var last = File.Final.Instructions.Last(i => i.Keyword is "RUN" or "COPY" or "USER");
        Assert.Equal("USER", last.Keyword);
    }

    [Fact]
    public void The_build_stage_publishes_with_infra_publish_sh_and_warms_the_runtime_stages_cache()
    {
        var runs = File.Build.RunCommands().ToList();
        Assert.Contains("bash infra/publish.sh /app", runs);
        var cache = File.Final.Environment()["ROLEBOT_CACHE_DIR"];
        Assert.StartsWith("/app/", cache);
        Assert.Contains($"bash infra/warm-cache.sh /app {cache}", runs);
        Assert.True(runs.IndexOf("bash infra/publish.sh /app") < runs.IndexOf($"bash infra/warm-cache.sh /app {cache}"));
    }

    [Fact]
    public void The_environment_names_the_port_it_exposes_and_the_corpus_it_carries()
    {
        var env = File.Final.Environment();
        Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal(env["ASPNETCORE_HTTP_PORTS"], File.Final.Last("EXPOSE")?.Arguments);
        Assert.Equal("/app/knowledge", env["Knowledge__Path"]);
        // The entry point does not depend on the working directory.
        Assert.Equal(["dotnet", "/app/RoleBot.Server.dll"], Dockerfile.ExecForm(File.Final.Last("ENTRYPOINT")!.Arguments));
    }

    [Fact]
    public void The_health_check_asks_readyz_with_the_script_the_image_installs()
    {
        var check = File.Final.Last("HEALTHCHECK")?.Arguments ?? throw new Xunit.Sdk.XunitException("no HEALTHCHECK");
        var command = Dockerfile.ExecForm(check.Split("CMD", 2)[1].Trim());
        Assert.Equal(["rolebot-healthcheck", "/readyz"], command);
        Assert.Contains(File.Final.All("COPY").Select(Dockerfile.Copy),
            c => c.Sources.SequenceEqual(["/src/infra/healthcheck.sh"]) && c.Destination == "/usr/local/bin/rolebot-healthcheck" && c.Flags.Contains("--chmod=755"));
        Assert.Matches(@"--start-period=\d+s", check);
    }
}
