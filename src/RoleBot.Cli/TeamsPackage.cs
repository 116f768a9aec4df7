using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RoleBot.Cli;

/// <summary>
/// Writes the Teams app package: manifest.json (with the bot's app id filled in) and the two icons at
/// the zip root, which is what Teams → Apps → Upload a custom app expects.
/// </summary>
public static class TeamsPackage
{
    public static string Write(string manifestFolder, string appId, string output)
    {
        if (!Guid.TryParse(appId, out var id))
            throw new UsageException($"--app-id must be the bot's Microsoft App ID (a GUID), not '{appId}'.");
        var manifestPath = Path.Combine(manifestFolder, "manifest.json");
        if (!File.Exists(manifestPath)) throw new IOException($"No manifest.json in {manifestFolder}");

        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        foreach (var bot in manifest["bots"]?.AsArray() ?? [])
            bot!["botId"] = id.ToString();
        var icons = new[] { (string?)manifest["icons"]?["color"], (string?)manifest["icons"]?["outline"] }.OfType<string>().ToList();

        var full = Path.GetFullPath(output);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        if (File.Exists(full)) File.Delete(full);
        using (var zip = ZipFile.Open(full, ZipArchiveMode.Create))
        {
            var entry = zip.CreateEntry("manifest.json");
            using (var writer = new StreamWriter(entry.Open()))
                writer.Write(manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            foreach (var icon in icons)
            {
                var iconPath = Path.Combine(manifestFolder, icon);
                if (!File.Exists(iconPath)) throw new IOException($"Icon {icon} named in the manifest is missing.");
                zip.CreateEntryFromFile(iconPath, Path.GetFileName(icon));
            }
        }
        return full;
    }

    /// <summary>manifests/teams of the repo, found like the knowledge folder.</summary>
    public static string? FindManifestFolder(params string[] starts) =>
        RoleBotEngine.FindUpwards(Path.Combine("manifests", "teams", "manifest.json"), starts);
}
