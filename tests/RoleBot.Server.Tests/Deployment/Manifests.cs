using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using RoleBot.Server.Tests.EndToEnd;

namespace RoleBot.Server.Tests.Deployment;

/// <summary>
/// infra/k8s rendered with <c>kubectl kustomize</c> and checked with tests/k8s/validate.mjs
/// (Kubernetes' schemas from the npm package kubernetes-models), which also hands the objects back
/// as JSON. Missing tools make the tests fail, never skip, with a pointer to tests/e2e-setup.sh.
/// </summary>
internal static class Manifests
{
    public const string SetupHint = "Run tests/e2e-setup.sh (as root): it installs kubectl if Debian has it and runs npm ci in tests/k8s.";

    private static readonly ConcurrentDictionary<string, Lazy<JsonArray>> Cache = new();

    public static string Validator => Path.Combine(EndToEndEnvironment.RepoRoot, "tests", "k8s", "validate.mjs");

    /// <summary>`kubectl kustomize infra/k8s/<paramref name="kustomization"/>`'s multi-document YAML.</summary>
    public static string Render(string kustomization)
    {
        var kubectl = Tool.OnPath("kubectl");
        if (kubectl is null) Assert.Fail($"kubectl is not on PATH, so infra/k8s cannot be rendered. {SetupHint}");
        var result = Tool.Run(kubectl, ["kustomize", Path.Combine("infra", "k8s", kustomization)]);
        Assert.True(result.ExitCode == 0, result.Describe($"kubectl kustomize infra/k8s/{kustomization}") +
                                          "\n(kustomize v4 or later is needed: Debian bookworm's kubernetes-client 1.20 has v2.0.3)");
        return result.Stdout;
    }

    /// <summary>validate.mjs over <paramref name="yaml"/> (standard input); with <paramref name="json"/>, the objects on stdout.</summary>
    public static Tool.Result Validate(string yaml, bool json = false)
    {
        if (!File.Exists(Path.Combine(EndToEndEnvironment.RepoRoot, "tests", "k8s", "node_modules", "kubernetes-models", "package.json")))
            Assert.Fail($"tests/k8s/node_modules lacks kubernetes-models. {SetupHint}");
        var node = Tool.OnPath("node") ?? "node";
        return Tool.Run(node, json ? [Validator, "--json", "-"] : [Validator, "-"], stdin: yaml);
    }

    /// <summary>The rendered objects, once valid against the schemas (rendered and validated once per kustomization).</summary>
    public static JsonArray Objects(string kustomization) =>
        (JsonArray)Cache.GetOrAdd(kustomization, k => new Lazy<JsonArray>(() =>
        {
            var result = Validate(Render(k), json: true);
            Assert.True(result.ExitCode == 0, result.Describe($"validate.mjs over infra/k8s/{k}"));
            return JsonNode.Parse(result.Stdout)!.AsArray();
        })).Value.DeepClone();

    public static IEnumerable<JsonObject> OfKind(this JsonArray objects, string kind) =>
        objects.Select(o => o!.AsObject()).Where(o => (string?)o["kind"] == kind);

    public static JsonObject Single(this JsonArray objects, string kind, string name) =>
        Assert.Single(objects.OfKind(kind), o => (string?)o["metadata"]!["name"] == name);

    /// <summary>The bot's Deployment (the Redis has one too).</summary>
    public static JsonObject Bot(this JsonArray objects) => objects.Single("Deployment", "rolebot");

    public static JsonObject PodSpec(this JsonObject workload) => workload["spec"]!["template"]!["spec"]!.AsObject();

    public static JsonObject Container(this JsonObject workload, string name) =>
        Assert.Single(workload.PodSpec()["containers"]!.AsArray(), c => (string?)c!["name"] == name)!.AsObject();
}
