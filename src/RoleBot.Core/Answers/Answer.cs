using RoleBot.Knowledge;
using RoleBot.Understanding;

namespace RoleBot.Answers;

/// <summary>What the engine returns for one message: how it was read, and the reply.</summary>
public sealed record Answer(string Question, Understood Understood, Reply Reply)
{
    public Intent Intent => Understood.Intent;

    /// <summary>The roles the answer is about, sorted (the JSON contract).</summary>
    public IReadOnlyList<string> Roles => Understood.Roles.Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
}
