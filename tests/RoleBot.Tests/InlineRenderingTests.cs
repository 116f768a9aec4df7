using System.Text.Json.Nodes;
using RoleBot.Answers;
using RoleBot.Rendering;

namespace RoleBot.Tests;

/// <summary>
/// People, channels and links inside a reply are nodes that each renderer draws natively: a Teams
/// mention with its entity, Slack's own link syntax, Markdown links, plain words in a terminal.
/// Nothing is patched into rendered output afterwards, and a node that is not well formed is text.
/// </summary>
public sealed class InlineRenderingTests
{
    private static Reply WithNodes(Mention person, ChannelRef channel, Link link) => new()
    {
        Title = "Welcome to the team! 👋",
        Greeting = ["Hi ", person, "! Here's who does what."],
        ShortAnswer = "I'm RoleBot.",
        Sections = [ReplySection.Of("Our teams", null) with { Lines = [["Reliability: ", channel], ["Docs: ", link]] }],
    };

    private static readonly Reply Good = WithNodes(new Mention("U0ADA", "Ada"), new ChannelRef("#sre-help", "C0SRE"), new Link("the wiki", "https://wiki.example.com/sre"));

    [Fact]
    public void Slack_gets_its_own_mention_channel_and_link_syntax()
    {
        var message = BlockKitRenderer.Render(Good);
        var text = string.Join("\n", MrkdwnTexts(message));
        Assert.Contains("Hi <@U0ADA>! Here's who does what.", text);
        Assert.Contains("• Reliability: <#C0SRE>", text);
        Assert.Contains("• Docs: <https://wiki.example.com/sre|the wiki>", text);
        Assert.Contains("<@U0ADA>", (string)message["text"]!); // the notification names the person too
        BlockKitChecks.WithinSlackLimits(message);
    }

    [Fact]
    public void Slack_draws_nodes_that_are_not_well_formed_as_escaped_text()
    {
        var message = BlockKitRenderer.Render(WithNodes(new Mention("U1>|<!channel", "Eve <!here>"), new ChannelRef("#sre-help", "not-an-id"), new Link("click", "javascript:alert(1)")));
        var text = string.Join("\n", MrkdwnTexts(message));
        Assert.DoesNotContain("<!channel", text);
        Assert.DoesNotContain("<!here>", text);
        Assert.Contains("@Eve &lt;!here&gt;", text);
        Assert.Contains("Reliability: #sre-help", text);
        Assert.Contains("click (javascript:alert(1))", text);
        BlockKitChecks.WithinSlackLimits(message);
    }

    [Fact]
    public void A_Teams_card_mentions_with_at_tags_and_a_mention_entity_for_each_person()
    {
        var card = AdaptiveCardRenderer.Render(Good);
        var texts = Walk(card).Where(n => (string?)n["type"] == "TextBlock").Select(n => (string)n["text"]!).ToList();
        Assert.Contains("Hi <at>Ada</at>! Here's who does what.", texts);
        Assert.Contains(texts, t => t.Contains("- Docs: [the wiki](https://wiki.example.com/sre)"));
        Assert.Contains(texts, t => t.Contains("- Reliability: #sre-help"));
        var mention = Assert.Single(card["msteams"]!["entities"]!.AsArray())!;
        Assert.Equal("<at>Ada</at>", (string?)mention["text"]);
        Assert.Equal("U0ADA", (string?)mention["mentioned"]!["id"]);
    }

    [Fact]
    public void A_card_without_people_has_no_mention_entities()
    {
        Assert.Null(AdaptiveCardRenderer.Render(new Reply { Title = "t", ShortAnswer = "s" })["msteams"]!["entities"]);
    }

    [Fact]
    public void Markdown_and_plain_text_draw_links_and_people_in_their_own_way()
    {
        var markdown = MarkdownRenderer.Render(Good);
        Assert.Contains("Hi @Ada! Here's who does what.", markdown);
        Assert.Contains("- Docs: [the wiki](https://wiki.example.com/sre)", markdown);
        Assert.Contains("- Reliability: \\#sre-help", markdown);

        var plain = PlainTextRenderer.Render(Good);
        Assert.Contains("Hi @Ada! Here's who does what.", plain);
        Assert.Contains("• Docs: the wiki (https://wiki.example.com/sre)", plain);
        Assert.Contains("• Reliability: #sre-help", plain);
    }

    private static IEnumerable<string> MrkdwnTexts(JsonObject message) =>
        Walk(message).Where(o => (string?)o["type"] == "mrkdwn").Select(o => (string)o["text"]!);

    private static IEnumerable<JsonObject> Walk(JsonNode? n) => n switch
    {
        JsonObject o => [o, .. o.SelectMany(p => Walk(p.Value))],
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };
}
