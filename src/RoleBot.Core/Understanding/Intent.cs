namespace RoleBot.Understanding;

/// <summary>What a message asks for. Every message resolves to exactly one.</summary>
public enum Intent
{
    Define,
    Compare,
    Interview,
    Tools,
    Skills,
    Fit,
    Who,
    Collaborate,
    Concept,
    Roles,
    Help,
    Greeting,
    Unknown,
}

public static class IntentNames
{
    public static string Id(this Intent intent) => intent.ToString().ToLowerInvariant();

    public static Intent? Parse(string? id) =>
        Enum.TryParse<Intent>(id, ignoreCase: true, out var intent) ? intent : null;
}
