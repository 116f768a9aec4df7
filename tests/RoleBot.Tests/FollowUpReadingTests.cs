using System.Text.Json.Nodes;
using RoleBot.Conversations;
using RoleBot.Rendering;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>
/// Follow-ups carry the reading they stand for: pressing one is answered from that reading, exactly
/// what its label promised, without reading any text again; a reading that does not fit this
/// corpus (forged, or from before the corpus changed) is never trusted.
/// </summary>
[Collection("engine")]
public sealed class FollowUpReadingTests(EngineFixture fixture)
{
    private RoleBotEngine Engine => fixture.Engine;

    private static string NewConversation() => ConversationKey.Of("test", Guid.NewGuid().ToString("n"), "ada");

    [Theory]
    [InlineData("what does an SRE do?")]
    [InlineData("who writes the runbooks?")]
    [InlineData("what is an error budget")]
    [InlineData("/compare devops sre")]
    [InlineData("hello")]
    [InlineData("I love automating deployments but hate being on call, which role suits me?")]
    public void Every_follow_up_and_choice_carries_a_reading_that_a_press_answers_exactly(string question)
    {
        var first = Engine.Ask(question, Channel.Teams, NewConversation());
        var offered = first.Reply.Choices.Concat(first.Reply.Suggestions).ToList();
        Assert.NotEmpty(offered);
        foreach (var s in offered)
        {
            var reading = Assert.IsType<Reading>(s.Reading);
            var next = Engine.Press(s, Channel.Teams, NewConversation());
            Assert.Equal(reading.Intent, next.Intent.Id);
            Assert.Equal(reading.Roles, next.Understood.Roles);
            Assert.Equal(reading.Topic, (next.Understood.Term ?? next.Understood.Task) is { } p ? Reading.TopicKey(p) : null);
            Assert.Null(next.Understood.Vector); // a press is not read by the model
        }
    }

    [Fact]
    public void A_press_is_answered_from_its_reading_even_when_its_text_says_something_else()
    {
        var who = Engine.Ask("/who runbooks").Understood;
        var button = new Suggestion("Who owns runbooks?", "/compare devops platform") { Reading = Reading.Of(who) };

        var answer = Engine.Press(button);

        Assert.Equal(Intent.Who, answer.Intent);
        Assert.Equal(who.Task, answer.Understood.Task);
        Assert.Null(answer.Reply.Table);
        Assert.Equal("Who owns runbooks?", answer.Question);
    }

    [Fact]
    public void A_reading_survives_the_trip_through_a_button_unchanged()
    {
        foreach (var s in Engine.Ask("how do SRE and platform engineers work together?").Reply.Suggestions)
        {
            var back = FollowUpPayload.ReadValue(FollowUpPayload.Value(s, BlockKitRenderer.MaxButtonValue));
            Assert.Equal(s.Label, back!.Label);
            Assert.Equal(s.Message, back.Message);
            Assert.Equal(s.Reading!.ToJson().ToJsonString(), back.Reading!.ToJson().ToJsonString());
            Assert.Equal(s.Reading.ToJson().ToJsonString(), FollowUpPayload.Read(FollowUpPayload.Data(s))!.Reading!.ToJson().ToJsonString());
        }
    }

    public static TheoryData<string> Forged => new()
    {
        """{"intent":"define","roles":["astronaut"],"text":"x"}""",
        """{"intent":"launch-missiles","roles":[],"text":"x"}""",
        """{"intent":"who","roles":["devops"],"text":"x","topic":"ownership.md#No such section"}""",
        """{"intent":"define","roles":"sre","text":"x"}""",
        """{"intent":"define","roles":[1,2],"text":"x"}""",
        """{"intent":"define","roles":["sre","sre","sre","sre","sre","sre","sre","sre","sre"],"text":"x"}""",
        """{"intent":42,"roles":[],"text":"x"}""",
        """{"roles":[],"text":"x"}""",
        """[1,2,3]""",
        "\"just a string\"",
    };

    [Theory]
    [MemberData(nameof(Forged))]
    public void A_forged_or_stale_reading_is_not_trusted_and_the_label_is_asked_instead(string json)
    {
        var reading = Reading.FromJson(JsonNode.Parse(json));
        var answer = Engine.Press(new Suggestion("What does an SRE do?", "/role sre") { Reading = reading }, Channel.Teams);

        Assert.Equal(Intent.Define, answer.Intent);
        Assert.Equal(["sre"], answer.Roles);
    }

    [Fact]
    public void A_button_value_that_is_not_ours_is_asked_as_text()
    {
        Assert.Equal("/role sre", FollowUpPayload.ReadValue("/role sre")!.Message);
        Assert.Equal("{not json", FollowUpPayload.ReadValue("{not json")!.Message);
        Assert.Null(FollowUpPayload.ReadValue("   "));
        Assert.Null(FollowUpPayload.Read(JsonNode.Parse("""{"rolebot":"followup","text":{"nested":true}}""")));
    }

    [Fact]
    public void Typing_a_follow_ups_label_back_is_answered_from_its_reading()
    {
        var conversation = NewConversation();
        var first = Engine.Ask("what does a platform engineer do?", Channel.Teams, conversation);
        var offered = first.Reply.Suggestions.First(s => s.Reading!.Intent != "define");

        var typed = Engine.Ask(offered.Label.ToUpperInvariant(), Channel.Teams, conversation);

        Assert.Equal(offered.Reading!.Intent, typed.Intent.Id);
        Assert.Null(typed.Understood.Vector);
    }
}
