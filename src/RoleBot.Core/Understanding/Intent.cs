namespace RoleBot.Understanding;

/// <summary>
/// What a message asks for, by the id its file in <c>knowledge/intents/</c> declares. Every message
/// resolves to exactly one. The well-known ones have names here because code handles them; an
/// intent added as data only is just its id.
/// </summary>
public readonly record struct Intent(string Id)
{
    public static readonly Intent Define = new("define");
    public static readonly Intent Compare = new("compare");
    public static readonly Intent Interview = new("interview");
    public static readonly Intent Tools = new("tools");
    public static readonly Intent Skills = new("skills");
    public static readonly Intent Fit = new("fit");
    public static readonly Intent Who = new("who");
    public static readonly Intent Collaborate = new("collaborate");
    public static readonly Intent Concept = new("concept");
    public static readonly Intent Roles = new("roles");
    public static readonly Intent Onboard = new("onboard");
    public static readonly Intent Help = new("help");
    public static readonly Intent Greeting = new("greeting");
    public static readonly Intent Unknown = new("unknown");

    public override string ToString() => Id;
}
