using RoleBot.Evaluation;
using Xunit.Abstractions;

namespace RoleBot.Tests;

/// <summary>
/// The labelled question sets. eval.jsonl is the development set the rules were written against.
/// holdout.jsonl was written alongside it by someone else; its misses were looked at once, after the
/// first pass, so it is no longer fully unseen. blind.jsonl was written independently afterwards and
/// measured once without any tuning (96.7% intent, 98.7% roles on 2026-11-23): it is the honest
/// estimate for questions nobody here has seen, and must not be tuned against.
/// </summary>
[Collection("engine")]
public sealed class EvaluationSetTests(EngineFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Eval_set_is_large_and_covers_every_intent_and_role()
    {
        var questions = LabelledQuestion.ReadFile(Paths.Data("eval.jsonl"));
        Assert.True(questions.Count >= 250, $"only {questions.Count} questions");
        var intents = questions.Select(q => q.Intent).ToHashSet();
        foreach (var intent in Enum.GetValues<RoleBot.Understanding.Intent>().Select(i => i.ToString().ToLowerInvariant()))
            Assert.Contains(intent, intents);
        var roles = questions.SelectMany(q => q.Roles).ToHashSet();
        Assert.Equal(["cloud", "developer", "devops", "platform", "sre"], roles.Order());
    }

    [Fact]
    public void Intent_and_role_accuracy_on_the_eval_set_are_at_least_95_percent()
    {
        var report = Evaluator.Run(fixture.Engine, LabelledQuestion.ReadFile(Paths.Data("eval.jsonl")));
        output.WriteLine(report.Format());
        Assert.True(report.IntentAccuracy >= 0.95, $"intent accuracy {report.IntentAccuracy:P1}\n{report.Format()}");
        Assert.True(report.RoleAccuracy >= 0.95, $"role accuracy {report.RoleAccuracy:P1}\n{report.Format()}");
    }

    [Fact]
    public void Held_out_questions_score_nearly_as_well()
    {
        var report = Evaluator.Run(fixture.Engine, LabelledQuestion.ReadFile(Paths.Data("holdout.jsonl")));
        output.WriteLine(report.Format());
        Assert.True(report.IntentAccuracy >= 0.90, $"intent accuracy {report.IntentAccuracy:P1}\n{report.Format()}");
        Assert.True(report.RoleAccuracy >= 0.90, $"role accuracy {report.RoleAccuracy:P1}\n{report.Format()}");
    }

    [Fact]
    public void Blind_questions_written_independently_score_above_90_percent()
    {
        var report = Evaluator.Run(fixture.Engine, LabelledQuestion.ReadFile(Paths.Data("blind.jsonl")));
        output.WriteLine(report.Format());
        Assert.True(report.IntentAccuracy >= 0.90, $"intent accuracy {report.IntentAccuracy:P1}\n{report.Format()}");
        Assert.True(report.RoleAccuracy >= 0.90, $"role accuracy {report.RoleAccuracy:P1}\n{report.Format()}");
    }
}
