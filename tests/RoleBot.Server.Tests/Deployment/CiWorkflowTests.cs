using RoleBot.Server.Tests.EndToEnd;
using YamlDotNet.RepresentationModel;

namespace RoleBot.Server.Tests.Deployment;

/// <summary>
/// .github/workflows/ci.yml does what no machine here can: it runs the README's test command, builds
/// and smoke-tests the image with a Docker engine, and renders and validates the manifests. These
/// checks keep it doing so as the scripts it calls move.
/// </summary>
public sealed class CiWorkflowTests
{
    private static readonly YamlMappingNode Jobs = LoadJobs();

    [Fact]
    public void A_job_runs_the_READMEs_test_command()
    {
        Assert.Contains(Runs("test"), r => r.StartsWith("bash tests/run.sh"));
    }

    [Fact]
    public void A_job_builds_the_Dockerfile_and_smoke_tests_the_image_read_only()
    {
        var build = Steps("image").Single(s => s.Children.TryGetValue("uses", out var u) && u.ToString().StartsWith("docker/build-push-action@"));
        Assert.Equal(".", ((YamlMappingNode)build["with"])["context"].ToString());
        var smoke = string.Join('\n', Runs("image"));
        Assert.Contains("--read-only", smoke);
        Assert.Contains("{{.State.Health.Status}}", smoke); // the image's own HEALTHCHECK
        foreach (var path in new[] { "/healthz", "/readyz", "/api/messages" }) Assert.Contains(path, smoke);
    }

    [Fact]
    public void A_job_renders_both_kustomizations_and_validates_them_against_the_schemas()
    {
        var script = string.Join('\n', Runs("manifests"));
        Assert.Contains("npm ci --prefix tests/k8s", script);
        Assert.Contains("for k in base overlays/production", script);
        Assert.Contains("kubectl kustomize \"infra/k8s/$k\"", script);
        Assert.Contains("node tests/k8s/validate.mjs", script);
        foreach (var k in new[] { "base", "overlays/production" })
            Assert.True(File.Exists(Path.Combine(EndToEndEnvironment.RepoRoot, "infra", "k8s", k, "kustomization.yaml")), k);
    }

    private static IEnumerable<YamlMappingNode> Steps(string job) =>
        ((YamlSequenceNode)((YamlMappingNode)Jobs[job])["steps"]).Children.Cast<YamlMappingNode>();

    private static IEnumerable<string> Runs(string job) =>
        Steps(job).Where(s => s.Children.ContainsKey("run")).Select(s => s["run"].ToString().Trim());

    private static YamlMappingNode LoadJobs()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(EndToEndEnvironment.RepoRoot, ".github", "workflows", "ci.yml")))
            yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["jobs"];
    }
}
