using RoleBot.Knowledge;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>
/// The example files labelled with a task or a role (<c>intents/_who-tasks.yaml</c>,
/// <c>intents/_fit-roles.yaml</c>): each label must mean something in the repo's corpus, or its
/// examples would silently teach nothing; and they are the intent's examples too.
/// </summary>
[Collection("engine")]
public sealed class LabelledExamplesTests(EngineFixture fixture)
{
    private KnowledgeBase Knowledge => fixture.Engine.Knowledge;

    [Fact]
    public void Every_task_label_is_the_heading_of_an_ownership_section()
    {
        var headings = Knowledge.Passages.Where(p => p.Kind == PassageKind.Ownership).Select(p => p.Heading).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var labelled = Knowledge.Intents.TaskExamples[Intent.Who.Id];

        Assert.True(labelled.Count >= 150, $"only {labelled.Count} task examples");
        Assert.All(labelled, e => Assert.Contains(e.Task, headings));
        // Every task is described in several ways, not one.
        Assert.All(headings, h => Assert.True(labelled.Count(e => e.Task.Equals(h, StringComparison.OrdinalIgnoreCase)) >= 3, $"'{h}' has fewer than 3 examples"));
    }

    [Fact]
    public void Labelled_examples_are_examples_of_their_intent_too()
    {
        var who = Knowledge.Intents.Get(Intent.Who);
        var fit = Knowledge.Intents.Get(Intent.Fit);

        Assert.All(Knowledge.Intents.TaskExamples[Intent.Who.Id], e => Assert.Contains(e.Text, who.Examples));
        Assert.All(Knowledge.Intents.RoleExamples[Intent.Fit.Id], e => Assert.Contains(e.Text, fit.Examples));
        Assert.True(who.Examples.Count >= 120, $"who has {who.Examples.Count} examples");
    }

    [Fact]
    public void Every_role_label_is_a_role_of_the_catalog()
    {
        Assert.All(Knowledge.Intents.RoleExamples[Intent.Fit.Id], e => Assert.NotNull(Knowledge.Catalog.Find(e.Role)));
    }
}
