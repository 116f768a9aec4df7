namespace RoleBot.Benchmarks;

/// <summary>A fixed, varied set of questions: one or more per kind of answer the engine gives.</summary>
public static class Questions
{
    public static readonly (string Kind, string Text)[] All =
    [
        ("define", "what does an SRE do?"),
        ("define", "what is platform engineering"),
        ("define", "is devops just a job title?"),
        ("compare", "devops vs sre"),
        ("compare", "compare cloud engineer, platform engineer and developer"),
        ("interview", "how do I prepare for an SRE interview?"),
        ("interview", "/interview platform"),
        ("tools", "what tools do cloud engineers use?"),
        ("tools", "which tools does a devops engineer use day to day"),
        ("who", "who writes the runbooks?"),
        ("who", "who owns the CI/CD pipelines?"),
        ("concept", "what is an error budget?"),
        ("concept", "what does SLO mean"),
        ("fit", "I enjoy building tools for other engineers, which role fits me?"),
        ("fit", "I like solving production outages under pressure, should I be an SRE or a platform engineer?"),
        ("collaborate", "how do SREs and developers work together?"),
        ("skills", "what skills do I need to become a platform engineer"),
        ("typo", "whats a kubernets operatr"),
        ("unknown", "how do I bake sourdough bread?"),
        ("unknown", "what does a data scientist do"),
        ("unknown", "xqzzv plorb frandle wibbleton"),
        ("greeting", "hi"),
    ];

    public static string[] Texts => All.Select(q => q.Text).ToArray();

    /// <summary>
    /// Slash commands, and what a follow-up button sends: answered without the model. ("/fit" with
    /// preferences is not among them: what someone enjoys is read by meaning.)
    /// </summary>
    public static readonly string[] Commands =
    [
        "/compare devops sre", "/role platform", "/interview cloud", "/tools sre", "/skills developer", "/who runbooks",
        "/term error budget", "/roles", "/help", "/compare cloud platform developer",
    ];
}
