using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;

namespace RoleBot.Server.Tests.Teams;

/// <summary>The Teams app package: manifest, icons, and Microsoft's own schema check, offline.</summary>
public sealed class TeamsManifestTests
{
    private static readonly string Folder = Path.Combine(BotServer.RepoRoot, "manifests", "teams");
    private static JsonObject Manifest => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json")))!.AsObject();

    [Fact]
    public void The_manifest_is_valid_against_Microsofts_bundled_schema()
    {
        var validator = Path.Combine(Folder, "validate", "validate.mjs");
        Assert.True(Directory.Exists(Path.Combine(Folder, "validate", "node_modules", "@microsoft", "app-manifest")),
            "npm packages missing: run tests/e2e-setup.sh (npm ci in manifests/teams/validate)");
        var psi = new ProcessStartInfo("node", [validator, Path.Combine(Folder, "manifest.json")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var node = Process.Start(psi)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        Assert.True(node.WaitForExit(60_000), "validator timed out");
        Assert.True(node.ExitCode == 0, stdout.Result + stderr.Result);
        Assert.Contains("valid against", stdout.Result);
    }

    [Fact]
    public void The_validator_rejects_a_broken_manifest()
    {
        var broken = Manifest;
        broken["bots"]![0]!["scopes"] = new JsonArray("groupchat");
        var file = Path.Combine(Path.GetTempPath(), $"broken-manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, broken.ToJsonString());
        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", [Path.Combine(Folder, "validate", "validate.mjs"), file])
            { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
            var stderr = node.StandardError.ReadToEnd();
            Assert.True(node.WaitForExit(60_000));
            Assert.Equal(1, node.ExitCode);
            Assert.Contains("scopes", stderr);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void The_bot_has_every_scope_and_a_command_for_every_slash_command()
    {
        var manifest = Manifest;
        Assert.Matches(@"^1\.(19|2\d|30)$", (string?)manifest["manifestVersion"]);
        var bot = manifest["bots"]![0]!;
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => (string?)s));
        var commands = bot["commandLists"]![0]!["commands"]!.AsArray().Select(c => (string?)c!["title"]).ToList();
        // The intent registry's Teams commands, in help order: the manifest lists exactly what the bot answers.
        Assert.Equal(RoleBot.Understanding.IntentRegistry.Load(Path.Combine(BotServer.RepoRoot, "knowledge")).CommandsOn(RoleBot.Understanding.Channel.Teams).Select(c => "/" + c.Name), commands);
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void Icons_have_the_sizes_Teams_requires(string file, int size)
    {
        var (width, height, pixels) = ReadRgbaPng(Path.Combine(Folder, file));
        Assert.Equal(size, width);
        Assert.Equal(size, height);
        if (file == "outline.png")
        {
            // Transparent background, white outline: every pixel is fully transparent or opaque white.
            Assert.Contains(pixels, p => p.A == 0);
            Assert.Contains(pixels, p => p.A == 255);
            Assert.All(pixels.Where(p => p.A != 0), p => Assert.Equal((255, 255, 255), (p.R, p.G, p.B)));
        }
    }

    /// <summary>Decodes an 8-bit RGBA, non-interlaced PNG using only zlib (filter type 0 rows, as our icons use).</summary>
    private static (int Width, int Height, List<(byte R, byte G, byte B, byte A)> Pixels) ReadRgbaPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var pos = 8; pos < bytes.Length;)
        {
            var length = (bytes[pos] << 24) | (bytes[pos + 1] << 16) | (bytes[pos + 2] << 8) | bytes[pos + 3];
            var type = System.Text.Encoding.ASCII.GetString(bytes, pos + 4, 4);
            if (type == "IHDR")
            {
                width = (bytes[pos + 8] << 24) | (bytes[pos + 9] << 16) | (bytes[pos + 10] << 8) | bytes[pos + 11];
                height = (bytes[pos + 12] << 24) | (bytes[pos + 13] << 16) | (bytes[pos + 14] << 8) | bytes[pos + 15];
                Assert.Equal(8, bytes[pos + 16]);  // bit depth
                Assert.Equal(6, bytes[pos + 17]);  // RGBA
            }
            if (type == "IDAT") idat.Write(bytes, pos + 8, length);
            pos += 12 + length;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        z.CopyTo(raw);
        var data = raw.ToArray();
        var pixels = new List<(byte, byte, byte, byte)>();
        for (var y = 0; y < height; y++)
        {
            var row = y * (width * 4 + 1);
            Assert.Equal(0, data[row]);
            for (var x = 0; x < width; x++)
            {
                var i = row + 1 + x * 4;
                pixels.Add((data[i], data[i + 1], data[i + 2], data[i + 3]));
            }
        }
        return (width, height, pixels);
    }
}
