using RoleBot.Curation.QuestionLog;

namespace RoleBot.Tests;

/// <summary>What the questions log keeps of a person's words: nobody else's name or id.</summary>
public sealed class LogTextTests
{
    [Theory]
    [InlineData("ask <at>Jane Doe</at> about the SLOs", "ask @someone about the SLOs")]
    [InlineData("<@U024BE7LH> who owns <#C123ABC|ops-alerts>?", "@someone who owns #channel?")]
    [InlineData("ping <@U024BE7LH|jane> and <!subteam^S0123|sre-team>", "ping @someone and @someone")]
    [InlineData("what is toil?", "what is toil?")]
    public void Mentions_of_people_and_channels_become_placeholders(string typed, string kept) =>
        Assert.Equal(kept, LogText.Clean(typed, 2000));

    [Fact]
    public void The_cut_never_splits_an_emoji_and_NUL_is_removed()
    {
        var kept = LogText.Clean("a\0b" + new string('x', 7) + "😀", 10);
        Assert.Equal("ab" + new string('x', 7), kept);
    }

    [Fact]
    public void Answer_ids_made_later_sort_later_and_never_repeat()
    {
        var start = DateTimeOffset.Parse("2026-12-02T06:00:00Z");
        var ids = Enumerable.Range(0, 1000).Select(i => AnswerIds.New(start.AddMilliseconds(i))).ToList();
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{28}$", id));
        // The same millisecond still gives different ids (the random half).
        Assert.NotEqual(AnswerIds.New(start), AnswerIds.New(start));
    }
}
