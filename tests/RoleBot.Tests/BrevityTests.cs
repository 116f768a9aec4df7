using System.Text.RegularExpressions;
using RoleBot.Rendering;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>"In one sentence", "tl;dr": the answer is at most two sentences, with no table or sections.</summary>
[Collection("engine")]
public sealed class BrevityTests(EngineFixture fixture)
{
    [Theory]
    [InlineData("in one sentence, what does an SRE do?", "define")]
    [InlineData("tl;dr devops vs sre", "compare")]
    [InlineData("briefly: what is an error budget?", "concept")]
    [InlineData("short version please - who owns the CI/CD pipelines?", "who")]
    [InlineData("what's a platform engineer, in a nutshell", "define")]
    public void A_request_for_brevity_gets_at_most_two_sentences_and_no_table(string message, string intent)
    {
        var a = fixture.Engine.Ask(message);

        Assert.Equal(intent, a.Intent.Id);
        Assert.Null(a.Reply.Table);
        Assert.Empty(a.Reply.Sections);
        var sentences = Regex.Split(a.Reply.ShortAnswer.Trim(), @"(?<=[.!?])\s+").Where(s => s.Length > 0).ToList();
        Assert.InRange(sentences.Count, 1, 2);
        Assert.True(PlainTextRenderer.Render(a.Reply).Length < PlainTextRenderer.Render(fixture.Engine.Ask(Regex.Replace(message, @"in one sentence,|tl;dr|briefly:|short version please -|, in a nutshell", "").Trim()).Reply).Length);
    }
}
