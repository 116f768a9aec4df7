using RoleBot.Server.Tests.EndToEnd;

namespace RoleBot.Server.Tests.Deployment;

/// <summary>
/// .dockerignore keeps the build context to what the Dockerfile copies: every file of every COPY
/// source gets in (or the image would build from less than the repository has), and neither a
/// developer's build output nor the rest of the repository does.
/// </summary>
public sealed class DockerIgnoreTests
{
    private static readonly string Root = EndToEndEnvironment.RepoRoot;
    private static readonly DockerIgnore Ignore = DockerIgnore.Load(Path.Combine(Root, ".dockerignore"));

    [Fact]
    public void Every_tracked_file_the_Dockerfile_copies_is_in_the_build_context()
    {
        var tracked = Tool.Run("git", ["ls-files"], workingDirectory: Root);
        Assert.Equal(0, tracked.ExitCode);
        var files = tracked.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var sources = Dockerfile.Load(Path.Combine(Root, "Dockerfile")).Build.All("COPY")
            .SelectMany(c => Dockerfile.Copy(c).Sources).Select(s => s.TrimEnd('/')).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var under = files.Where(f => f == source || f.StartsWith(source + "/")).ToList();
            Assert.True(under.Count > 0, $"COPY {source}: no such file in the repository");
            Assert.All(under, f => Assert.True(Ignore.Includes(f), $".dockerignore leaves out {f}, which COPY {source} needs"));
        }
    }

    [Theory]
    [InlineData("src/RoleBot.Server/bin/Debug/net10.0/RoleBot.Server.dll")]
    [InlineData("src/RoleBot.Core/obj/project.assets.json")]
    [InlineData("src/RoleBot.Server/node_modules/x/index.js")]
    [InlineData("tests/RoleBot.Tests/Data/eval.jsonl")]
    [InlineData("benchmarks/RoleBot.Benchmarks/Program.cs")]
    [InlineData(".git/config")]
    [InlineData("README.md")]
    [InlineData("infra/rolebot.env.example")]
    [InlineData("tests/k8s/node_modules/yaml/package.json")]
    public void Build_output_and_the_rest_of_the_repository_stay_out(string path) =>
        Assert.False(Ignore.Includes(path), $"{path} would be sent to the builder");

    [Fact]
    public void Patterns_match_as_Dockers_do()
    {
        var ignore = new DockerIgnore(["*", "!src/", "**/bin/", "!src/keep/bin/x.dll", "docs/*.md", "# a comment"]);
        Assert.True(ignore.Includes("src/a/b.cs"));           // a folder let back in brings its contents
        Assert.False(ignore.Includes("src/a/bin/b.dll"));     // ** spans folders; a later line wins
        Assert.False(ignore.Includes("bin/b.dll"));           // ** also matches no folder at all
        Assert.True(ignore.Includes("src/keep/bin/x.dll"));   // the last matching line decides
        Assert.False(ignore.Includes("README.md"));
        Assert.False(new DockerIgnore(["docs/*.md"]).Includes("docs/a.md"));
        Assert.True(new DockerIgnore(["docs/*.md"]).Includes("docs/sub/a.md")); // * stays within one folder
    }
}
