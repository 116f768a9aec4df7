namespace RoleBot.Knowledge;

/// <summary>What a passage talks about; read from its heading (or its own words when there is none).</summary>
public enum PassageKind
{
    General,
    Definition,
    Focus,
    Responsibilities,
    Tools,
    Skills,
    Success,
    Interview,
    Misconception,
    Fit,
    Collaboration,
    Ownership,
    Glossary,
    Onboarding,
}
