using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RoleBot.Server.Tests.EndToEnd;

namespace RoleBot.Server.Tests.Deployment;

/// <summary>
/// infra/k8s as an operator relies on it: the base and the production overlay render, every object
/// is valid against Kubernetes' schemas (and the check does reject an invalid object), and the
/// rendered objects keep their promises: two replicas, the probes, non-root on a read-only file
/// system, secrets only by reference, a grace period longer than the app's drain, and wiring that
/// connects (ConfigMap, Service, Ingress, Redis).
/// </summary>
public sealed partial class KustomizeTests
{
    public static readonly TheoryData<string> Kustomizations = new() { "base", "overlays/production" };

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_rendered_object_is_valid_against_the_Kubernetes_schemas(string kustomization)
    {
        var result = Manifests.Validate(Manifests.Render(kustomization));
        Assert.True(result.ExitCode == 0, result.Describe("validate.mjs"));
        var kinds = Manifests.Objects(kustomization).Select(o => (string?)o!["kind"]).ToList();
        Assert.Equal(kinds.Count, Regex.Matches(result.Stdout, ": valid$", RegexOptions.Multiline).Count);
        foreach (var kind in new[] { "Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ConfigMap", "NetworkPolicy" })
            Assert.Contains(kind, kinds);
    }

    [Theory]
    [InlineData("a wrong type", "spec/replicas")]
    [InlineData("a misspelt field", "readinesProbe")]
    [InlineData("a missing required field", "selector")]
    [InlineData("an unknown kind", "no Kubernetes schema")]
    public void The_schema_check_rejects_a_broken_object(string breakage, string expected)
    {
        var objects = Manifests.Objects("overlays/production");
        var bot = objects.Bot();
        switch (breakage)
        {
            case "a wrong type": bot["spec"]!["replicas"] = "two"; break;
            case "a misspelt field":
                var container = bot.Container("rolebot");
                container["readinesProbe"] = container["readinessProbe"]!.DeepClone();
                container.Remove("readinessProbe");
                break;
            case "a missing required field": bot["spec"]!.AsObject().Remove("selector"); break;
            case "an unknown kind": bot["kind"] = "Deploymint"; break;
        }
        // JSON is YAML: the broken Deployment as the only document.
        var result = Manifests.Validate(bot.ToJsonString());
        Assert.True(result.ExitCode == 1, $"{breakage} was accepted:\n" + result.Describe("validate.mjs"));
        Assert.Contains(expected, result.Stderr);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Two_replicas_run_and_a_disruption_never_takes_both(string kustomization)
    {
        var objects = Manifests.Objects(kustomization);
        var bot = objects.Bot();
        Assert.Equal(2, (int)bot["spec"]!["replicas"]!);
        var podLabels = bot["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

        var hpa = Assert.Single(objects.OfKind("HorizontalPodAutoscaler"));
        Assert.Equal("Deployment", (string?)hpa["spec"]!["scaleTargetRef"]!["kind"]);
        Assert.Equal("rolebot", (string?)hpa["spec"]!["scaleTargetRef"]!["name"]);
        Assert.True((int)hpa["spec"]!["minReplicas"]! >= 2, "the autoscaler may go below two replicas");

        var pdb = Assert.Single(objects.OfKind("PodDisruptionBudget"));
        Assert.Equal(1, (int)pdb["spec"]!["minAvailable"]!);
        Assert.True(Selects(pdb["spec"]!["selector"]!["matchLabels"]!.AsObject(), podLabels), "the PodDisruptionBudget selects no bot pod");
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Readiness_is_probed_on_readyz_and_liveness_on_healthz_at_the_images_port(string kustomization)
    {
        var container = Manifests.Objects(kustomization).Bot().Container("rolebot");
        var port = Assert.Single(container["ports"]!.AsArray())!;
        var imagePort = Dockerfile.Load(Path.Combine(EndToEndEnvironment.RepoRoot, "Dockerfile")).Final.Environment()["ASPNETCORE_HTTP_PORTS"];
        Assert.Equal(imagePort, ((int)port["containerPort"]!).ToString());

        foreach (var (probe, path) in new[] { ("readinessProbe", "/readyz"), ("livenessProbe", "/healthz") })
        {
            var get = container[probe]?["httpGet"] ?? throw new Xunit.Sdk.XunitException($"no {probe} with httpGet");
            Assert.Equal(path, (string?)get["path"]);
            Assert.True((string?)get["port"] == (string?)port["name"] || (int?)get["port"] == (int)port["containerPort"]!, $"{probe} probes another port");
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_container_runs_as_non_root_on_a_read_only_root_file_system(string kustomization)
    {
        foreach (var workload in Manifests.Objects(kustomization).OfKind("Deployment"))
        {
            var name = (string?)workload["metadata"]!["name"];
            var pod = workload.PodSpec();
            Assert.True((bool?)pod["securityContext"]?["runAsNonRoot"] == true, $"{name}: runAsNonRoot is not set");
            Assert.NotEqual(0, (int?)pod["securityContext"]?["runAsUser"] ?? -1);
            Assert.False((bool?)pod["automountServiceAccountToken"] ?? true, $"{name} mounts a service account token it does not use");
            foreach (var container in pod["containers"]!.AsArray())
            {
                var security = container!["securityContext"];
                Assert.True((bool?)security?["readOnlyRootFilesystem"] == true, $"{name}/{container["name"]}: root file system is writable");
                Assert.True((bool?)security?["allowPrivilegeEscalation"] == false, $"{name}/{container["name"]}: may escalate privileges");
                Assert.Contains("ALL", security?["capabilities"]?["drop"]?.AsArray().Select(c => (string?)c) ?? []);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void The_read_only_pod_has_somewhere_to_write_and_reads_the_images_cache(string kustomization)
    {
        var bot = Manifests.Objects(kustomization).Bot();
        var container = bot.Container("rolebot");
        var mounts = container["volumeMounts"]?.AsArray().Select(m => (string?)m!["mountPath"]).ToList() ?? [];
        Assert.Contains("/tmp", mounts);
        // The cache is the one built into the image (ROLEBOT_CACHE_DIR=/app/cache, read only); if the
        // manifests point it elsewhere, something must be mounted there.
        var cache = container["env"]?.AsArray().FirstOrDefault(e => (string?)e!["name"] == "ROLEBOT_CACHE_DIR")?["value"];
        if (cache is not null) Assert.Contains((string?)cache, mounts);
        foreach (var volume in bot.PodSpec()["volumes"]!.AsArray())
            Assert.NotNull(volume!["emptyDir"]); // nothing from the node's disk
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Secrets_are_referenced_never_written_down(string kustomization)
    {
        var objects = Manifests.Objects(kustomization);
        Assert.Empty(objects.OfKind("Secret"));

        var env = objects.Bot().Container("rolebot")["env"]!.AsArray().Select(e => e!.AsObject()).ToList();
        foreach (var name in new[] { "MicrosoftAppPassword", "SLACK_SIGNING_SECRET", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN" })
        {
            var variable = Assert.Single(env, e => (string?)e["name"] == name);
            Assert.Null(variable["value"]);
            Assert.Equal("rolebot-secrets", (string?)variable["valueFrom"]?["secretKeyRef"]?["name"]);
        }
        foreach (var e in env.Where(e => SecretName().IsMatch((string)e["name"]!)))
            Assert.True(e["valueFrom"]?["secretKeyRef"] is not null, $"{e["name"]} is not taken from a Secret");
        foreach (var map in objects.OfKind("ConfigMap"))
            Assert.DoesNotContain(map["data"]!.AsObject(), d => SecretName().IsMatch(d.Key));
        // Nothing shaped like a Slack token or a client secret anywhere in the output.
        Assert.DoesNotMatch(@"xox[abpr]-|xapp-|[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{30,}", objects.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void A_stopping_pod_outlives_the_apps_drain(string kustomization)
    {
        var objects = Manifests.Objects(kustomization);
        var bot = objects.Bot();
        var grace = (int)bot.PodSpec()["terminationGracePeriodSeconds"]!;
        // Shutdown:GracePeriodSeconds, 20 s unless the ConfigMap says otherwise.
        var drain = ConfigValue(objects, bot, "Shutdown__GracePeriodSeconds") is { } configured ? int.Parse(configured) : 20;
        Assert.True(grace > drain, $"terminationGracePeriodSeconds {grace} s must exceed the app's {drain} s drain, or the kubelet kills it mid-reply");
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void The_objects_are_wired_together(string kustomization)
    {
        var objects = Manifests.Objects(kustomization);
        var bot = objects.Bot();
        var container = bot.Container("rolebot");
        var podLabels = bot["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();

        // envFrom names the generated ConfigMap (kustomize appends a hash to the name).
        var configMap = (string?)Assert.Single(container["envFrom"]!.AsArray())!["configMapRef"]!["name"];
        Assert.Contains(objects.OfKind("ConfigMap"), m => (string?)m["metadata"]!["name"] == configMap);

        // Service → pods → container port.
        var service = objects.Single("Service", "rolebot");
        Assert.True(Selects(service["spec"]!["selector"]!.AsObject(), podLabels), "the Service selects no bot pod");
        var servicePort = Assert.Single(service["spec"]!["ports"]!.AsArray())!;
        Assert.Equal((string?)container["ports"]![0]!["name"], (string?)servicePort["targetPort"]);

        // Ingress → Service: the Bot Framework endpoint and Slack's three URLs, nothing else.
        var ingress = Assert.Single(objects.OfKind("Ingress"));
        var paths = ingress["spec"]!["rules"]!.AsArray().SelectMany(r => r!["http"]!["paths"]!.AsArray()).ToList();
        Assert.Equal(["/api/messages", "/slack"], paths.Select(p => (string?)p!["path"]).Order());
        Assert.All(paths, p =>
        {
            Assert.Equal("rolebot", (string?)p!["backend"]!["service"]!["name"]);
            Assert.Equal((string?)servicePort["name"], (string?)p["backend"]!["service"]!["port"]!["name"]);
        });

        // Redis:Configuration names the Redis Service and its port.
        var redis = ConfigValue(objects, bot, "Redis__Configuration") ?? throw new Xunit.Sdk.XunitException("no Redis__Configuration");
        var (host, port) = (redis.Split(':')[0], int.Parse(redis.Split(':')[1].Split(',')[0]));
        var redisService = objects.Single("Service", host);
        Assert.Contains(redisService["spec"]!["ports"]!.AsArray(), p => (int)p!["port"]! == port);
        var redisPods = objects.Single("Deployment", host)["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        Assert.True(Selects(redisService["spec"]!["selector"]!.AsObject(), redisPods));
    }

    [Fact]
    public void Production_lives_in_its_own_namespace_with_an_image_from_a_registry()
    {
        var objects = Manifests.Objects("overlays/production");
        var ns = Assert.Single(objects.OfKind("Namespace"));
        var name = (string?)ns["metadata"]!["name"];
        Assert.All(objects.Where(o => (string?)o!["kind"] != "Namespace"), o => Assert.Equal(name, (string?)o!["metadata"]!["namespace"]));
        var image = (string?)objects.Bot().Container("rolebot")["image"];
        Assert.Matches(@"^[a-z0-9.-]+\.[a-z]+(:\d+)?/.+(:[\w.-]+|@sha256:[0-9a-f]{64})$", image);
        Assert.DoesNotContain(":latest", image);
    }

    /// <summary>A setting the bot container gets: its own env, else the ConfigMap it takes with envFrom.</summary>
    private static string? ConfigValue(JsonArray objects, JsonObject bot, string key)
    {
        var container = bot.Container("rolebot");
        if (container["env"]?.AsArray().FirstOrDefault(e => (string?)e!["name"] == key)?["value"] is { } direct) return (string?)direct;
        var configMaps = container["envFrom"]?.AsArray().Select(e => (string?)e!["configMapRef"]?["name"]).ToList() ?? [];
        return objects.OfKind("ConfigMap").Where(m => configMaps.Contains((string?)m["metadata"]!["name"]))
            .Select(m => (string?)m["data"]?[key]).LastOrDefault(v => v is not null);
    }

    private static bool Selects(JsonObject selector, JsonObject labels) =>
        selector.Count > 0 && selector.All(s => (string?)labels[s.Key] == (string?)s.Value);

    [GeneratedRegex("PASSWORD|SECRET|TOKEN|APIKEY|API_KEY|CONNECTIONSTRING", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
