using RoleBot.Conversations;
using RoleBot.Evaluation;
using RoleBot.Understanding;
using Xunit.Abstractions;

namespace RoleBot.Tests;

/// <summary>
/// Every follow-up works: each suggestion and each "Did you mean" choice offered after any question
/// of the evaluation sets, pressed (its message) or typed back (its label) in the same conversation,
/// is understood and gives another answer than the one it was offered on.
/// </summary>
[Collection("engine")]
public sealed class FollowUpWalkTests(EngineFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void No_follow_up_offered_after_any_evaluation_question_is_dead()
    {
        var engine = fixture.Engine;
        var questions = new[] { "eval.jsonl", "holdout.jsonl", "blind.jsonl", "realistic-blind.jsonl" }
            .SelectMany(f => LabelledQuestion.ReadFile(Paths.Data(f))).Select(q => q.Question).Distinct().ToList();
        var dead = new List<string>();
        var tried = new HashSet<string>();
        foreach (var question in questions)
        {
            var conversation = ConversationKey.Of("walk", Guid.NewGuid().ToString("n"), "ada");
            var first = engine.Ask(question, Channel.Teams, conversation);
            foreach (var offered in first.Reply.Choices.Concat(first.Reply.Suggestions))
            {
                // The same follow-up after the same kind of answer needs checking once.
                if (!tried.Add($"{first.Intent.Id}|{first.Reply.Title}|{offered.Label}|{offered.Message}")) continue;
                if (offered.Reading is null) dead.Add($"\"{offered.Label}\" after \"{question}\" carries no reading");
                foreach (var (how, text) in new[] { ("pressed", offered.Label), ("sent as text", offered.Message), ("typed", offered.Label) })
                {
                    var replay = ConversationKey.Of("walk", Guid.NewGuid().ToString("n"), "ada");
                    engine.Ask(question, Channel.Teams, replay);
                    var next = how == "pressed" ? engine.Press(offered, Channel.Teams, replay) : engine.Ask(text, Channel.Teams, replay);
                    if (how == "pressed" && offered.Reading is { } r && (next.Intent.Id != r.Intent || !next.Understood.Roles.SequenceEqual(r.Roles)))
                        dead.Add($"pressed \"{text}\" after \"{question}\": answered as {next.Intent} [{string.Join(",", next.Understood.Roles)}], not the reading it carries");
                    else if (next.Intent == Intent.Unknown)
                        dead.Add($"{how} \"{text}\" after \"{question}\": unknown");
                    else if (next.Reply.Title == first.Reply.Title && next.Reply.ShortAnswer == first.Reply.ShortAnswer)
                        dead.Add($"{how} \"{text}\" after \"{question}\": the same answer again ({next.Reply.Title})");
                }
            }
        }
        output.WriteLine($"{tried.Count} follow-ups checked, {dead.Count} dead");
        foreach (var d in dead) output.WriteLine(d);
        Assert.True(dead.Count == 0, $"{dead.Count} dead follow-ups, e.g.\n{string.Join("\n", dead.Take(15))}");
    }
}
