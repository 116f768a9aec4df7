using System.Text;
using RoleBot.Understanding;

namespace RoleBot.Evaluation;

public sealed record Miss(string Question, string ExpectedIntent, string ActualIntent, IReadOnlyList<string> ExpectedRoles, IReadOnlyList<string> ActualRoles);

public sealed record IntentScore(string Intent, int Support, double Precision, double Recall);

/// <summary>How the engine reads a labelled question set: accuracy, per-intent precision/recall, confusion.</summary>
public sealed record EvaluationReport(
    int Total,
    double IntentAccuracy,
    double RoleAccuracy,
    IReadOnlyList<IntentScore> PerIntent,
    IReadOnlyDictionary<(string Expected, string Actual), int> Confusion,
    IReadOnlyList<Miss> Misses)
{
    public string Format()
    {
        var sb = new StringBuilder();
        sb.AppendLine($"questions: {Total}");
        sb.AppendLine($"intent accuracy: {IntentAccuracy:P1}");
        sb.AppendLine($"role accuracy:   {RoleAccuracy:P1}");
        sb.AppendLine();
        sb.AppendLine($"{"intent",-12} {"n",4} {"precision",9} {"recall",7}");
        foreach (var s in PerIntent)
            sb.AppendLine($"{s.Intent,-12} {s.Support,4} {s.Precision,9:P0} {s.Recall,7:P0}");
        var confused = Confusion.Where(kv => kv.Key.Expected != kv.Key.Actual).OrderByDescending(kv => kv.Value).ToList();
        if (confused.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("confusion (expected → got: count):");
            foreach (var (key, count) in confused) sb.AppendLine($"  {key.Expected} → {key.Actual}: {count}");
        }
        if (Misses.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("misses:");
            foreach (var m in Misses)
                sb.AppendLine($"  \"{m.Question}\": expected {m.ExpectedIntent} [{string.Join(",", m.ExpectedRoles)}], got {m.ActualIntent} [{string.Join(",", m.ActualRoles)}]");
        }
        return sb.ToString();
    }
}

public static class Evaluator
{
    public static EvaluationReport Run(RoleBotEngine engine, IReadOnlyList<LabelledQuestion> questions)
    {
        var confusion = new Dictionary<(string, string), int>();
        var misses = new List<Miss>();
        int intentRight = 0, rolesRight = 0;
        foreach (var q in questions)
        {
            var answer = engine.Ask(q.Question);
            var actual = answer.Intent.Id;
            var expectedRoles = q.Roles.OrderBy(r => r, StringComparer.Ordinal).ToList();
            var actualRoles = answer.Roles;
            var intentOk = actual == q.Intent;
            var rolesOk = expectedRoles.SequenceEqual(actualRoles);
            if (intentOk) intentRight++;
            if (rolesOk) rolesRight++;
            if (!intentOk || !rolesOk) misses.Add(new Miss(q.Question, q.Intent, actual, expectedRoles, actualRoles));
            confusion[(q.Intent, actual)] = confusion.GetValueOrDefault((q.Intent, actual)) + 1;
        }
        var intents = questions.Select(q => q.Intent).Distinct().OrderBy(i => i).ToList();
        var perIntent = intents.Select(intent =>
        {
            var tp = confusion.GetValueOrDefault((intent, intent));
            var predicted = confusion.Where(kv => kv.Key.Item2 == intent).Sum(kv => kv.Value);
            var support = confusion.Where(kv => kv.Key.Item1 == intent).Sum(kv => kv.Value);
            return new IntentScore(intent, support, predicted == 0 ? 0 : (double)tp / predicted, support == 0 ? 0 : (double)tp / support);
        }).ToList();
        var n = Math.Max(1, questions.Count);
        return new EvaluationReport(questions.Count, (double)intentRight / n, (double)rolesRight / n, perIntent, confusion, misses);
    }
}
