using RoleBot.Server.Bot;
using YamlDotNet.RepresentationModel;

namespace RoleBot.Server.Tests.Slack;

/// <summary>The Slack app manifests parse and declare exactly what the server handles.</summary>
public sealed class SlackManifestTests
{
    private static YamlMappingNode Load(string name)
    {
        var path = Path.Combine(Teams.BotServer.RepoRoot, "manifests", "slack", name);
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static List<string> Strings(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!).ToList();

    private static readonly string[] HandledEvents = ["app_mention", "message.im", "member_joined_channel", "app_home_opened"];

    [Theory]
    [InlineData("manifest.yaml")]
    [InlineData("manifest.socket-mode.yaml")]
    public void The_manifest_names_every_command_and_event_the_server_handles(string file)
    {
        var manifest = Load(file);
        var commands = ((YamlSequenceNode)At(manifest, "features", "slash_commands")).Children
            .Select(c => ((YamlScalarNode)At(c, "command")).Value!).ToList();
        Assert.Equal(SlackRoutes.CommandNames(RoleBot.Understanding.IntentRegistry.Load(Path.Combine(Teams.BotServer.RepoRoot, "knowledge"))).Order(), commands.Order());
        Assert.All(((YamlSequenceNode)At(manifest, "features", "slash_commands")).Children,
            c => Assert.False(string.IsNullOrWhiteSpace(((YamlScalarNode)At(c, "description")).Value)));

        Assert.Equal(HandledEvents.Order(), Strings(At(manifest, "settings", "event_subscriptions", "bot_events")).Order());
        Assert.Equal("true", ((YamlScalarNode)At(manifest, "features", "app_home", "home_tab_enabled")).Value);
        Assert.Equal("true", ((YamlScalarNode)At(manifest, "settings", "interactivity", "is_enabled")).Value);
        Assert.Equal(["app_mentions:read", "channels:read", "chat:write", "commands", "groups:read", "im:history", "im:read", "im:write"],
            Strings(At(manifest, "oauth_config", "scopes", "bot")).Order());
    }

    [Fact]
    public void The_public_url_manifest_points_each_feature_at_its_endpoint()
    {
        var manifest = Load("manifest.yaml");
        Assert.Equal("false", ((YamlScalarNode)At(manifest, "settings", "socket_mode_enabled")).Value);
        Assert.EndsWith("/slack/events", ((YamlScalarNode)At(manifest, "settings", "event_subscriptions", "request_url")).Value);
        Assert.EndsWith("/slack/interactivity", ((YamlScalarNode)At(manifest, "settings", "interactivity", "request_url")).Value);
        Assert.All(((YamlSequenceNode)At(manifest, "features", "slash_commands")).Children,
            c => Assert.EndsWith("/slack/commands", ((YamlScalarNode)At(c, "url")).Value));
    }

    [Fact]
    public void The_socket_mode_manifest_has_no_request_urls()
    {
        var manifest = Load("manifest.socket-mode.yaml");
        Assert.Equal("true", ((YamlScalarNode)At(manifest, "settings", "socket_mode_enabled")).Value);
        Assert.DoesNotContain("url:", File.ReadAllText(Path.Combine(Teams.BotServer.RepoRoot, "manifests", "slack", "manifest.socket-mode.yaml")));
    }
}
