using RoleBot.Evaluation;
using Xunit.Abstractions;

namespace RoleBot.Tests;

/// <summary>
/// The labelled question sets. eval.jsonl is the development set the rules were written against.
/// holdout.jsonl was written alongside it by someone else; its misses were looked at once, after the
/// first pass, so it is no longer fully unseen. blind.jsonl was written independently afterwards and
/// measured once without any tuning (96.7% intent, 98.7% roles on 2026-11-23): it is the honest
/// estimate for questions nobody here has seen, and must not be tuned against.
/// realistic-blind.jsonl (256 questions in the voice of new hires, hiring managers and career
/// switchers) was written before the classifier was trained and measured once on 2026-12-01:
/// 95.3% intent, 93.0% roles (95.7% and 85.5% over the raw seed articles). Nothing is trained on
/// any of these files; the classifier learns from knowledge/intents/ only.
/// realistic-blind-2.jsonl (259 questions, the same voices) was written on 2026-12-02 by a helper that
/// saw only the knowledge articles, never the code, the intent examples or the other sets, and was
/// measured once at commit 39c68e7 before anything else changed: 98.5% intent, 93.4% roles (98.5% and
/// 84.2% over the raw seed articles). Its misses were read to report them, not to tune against.
/// realistic-blind-3.jsonl (284 questions, the same voices) was written on 2026-12-02 by a helper that
/// read only the knowledge articles, kept sealed outside the repo while the who-task examples, the
/// onboarding areas and the fit clauses were built against the development sets, and measured once
/// at commit 1f5b52a: 95.8% intent, 94.0% roles (94.4% and 87.0% over the raw seed articles; the
/// build before those changes scored 93.7% / 91.9% and 94.0% / 83.8% on it).
/// realistic-blind-4.jsonl (286 questions, the same voices) was written on 2026-12-03 by a helper that
/// read only the README, roles.yaml and org.yaml, kept sealed outside the repo while the dev-4
/// mechanisms were built, and measured once at commit 9e64b45: 98.3% intent, 95.1% roles (97.6% and
/// 88.8% over the raw seed articles).
/// realistic-blind-5.jsonl (286 questions, written the same way on 2026-12-03, sealed while the
/// framing words moved into data) was measured once at commit 1041040: 98.3% intent, 96.2% roles
/// (97.2% and 90.6% over the raw seed articles).
/// realistic-dev-3.jsonl is a development set (written by a helper to find which mechanisms name the
/// wrong role): the who-task examples and the onboarding areas were checked against it, so it is
/// held only to a lower bar that says those mechanisms still work.
/// realistic-dev-4.jsonl (230, weighted to who, fit, onboarding and out of scope) is a development
/// set too: its misses named three mechanisms (a newcomer's general question read as a task by a
/// shared word, pay read as a comparison, a move into another job read as skills for the role left),
/// fixed for all sets at once; 90.0% / 78.7% before, 93.5% / 83.0% after.
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
        foreach (var intent in RoleBot.Understanding.IntentRegistry.Builtin().Intents.Select(i => i.Intent.Id))
            Assert.Contains(intent, intents);
        var roles = questions.SelectMany(q => q.Roles).ToHashSet();
        Assert.Equal(["cloud", "developer", "devops", "platform", "sre"], roles.Order());
    }

    /// <summary>The eval set must reach 95%; the held-out and blind sets, written apart from the rules, 90%.</summary>
    [Theory]
    [InlineData("eval.jsonl", 0.95)]
    [InlineData("holdout.jsonl", 0.90)]
    [InlineData("blind.jsonl", 0.90)]
    [InlineData("realistic-blind.jsonl", 0.90)]
    [InlineData("realistic-blind-2.jsonl", 0.90)]
    [InlineData("realistic-blind-3.jsonl", 0.90)]
    [InlineData("realistic-blind-4.jsonl", 0.90)]
    [InlineData("realistic-blind-5.jsonl", 0.90)]
    [InlineData("realistic-dev-3.jsonl", 0.80)]
    [InlineData("realistic-dev-4.jsonl", 0.80)]
    public void Intent_and_role_accuracy_meet_the_bar(string file, double bar)
    {
        var report = Evaluator.Run(fixture.Engine, LabelledQuestion.ReadFile(Paths.Data(file)));
        output.WriteLine(report.Format());
        Assert.True(report.IntentAccuracy >= bar, $"{file}: intent accuracy {report.IntentAccuracy:P1}\n{report.Format()}");
        Assert.True(report.RoleAccuracy >= bar, $"{file}: role accuracy {report.RoleAccuracy:P1}\n{report.Format()}");
    }

    /// <summary>The same realistic questions answered from the five raw web articles alone.</summary>
    [Fact]
    public void Realistic_questions_over_the_raw_seed_articles_meet_the_bar()
    {
        using var engine = RoleBotEngine.Load(Paths.Seeds);
        var report = Evaluator.Run(engine, LabelledQuestion.ReadFile(Paths.Data("realistic-blind.jsonl")));
        output.WriteLine(report.Format());
        Assert.True(report.IntentAccuracy >= 0.85, $"intent accuracy {report.IntentAccuracy:P1}\n{report.Format()}");
        Assert.True(report.RoleAccuracy >= 0.80, $"role accuracy {report.RoleAccuracy:P1}\n{report.Format()}");
    }
}
