using RoleBot.Knowledge;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>What an intent file declares besides its examples, read as data.</summary>
public class IntentFileTests
{
    [Fact]
    public void Framing_words_are_read_from_the_intent_file()
    {
        var intent = IntentRegistry.Parse("""
            help: "which role owns a task"
            framing: [who, "which team", "  ", owns]
            examples: ["who owns dns", "who runs the on-call rota", "whose job are backups", "who writes runbooks", "who owns ci"]
            """, "who", "test/who.yaml");

        Assert.Equal(["who", "which team", "owns"], intent.Framing);
    }

    [Fact]
    public void An_intent_without_framing_words_frames_nothing()
    {
        var intent = IntentRegistry.Parse("""
            help: "a greeting"
            examples: [hi, hello, hey, "good morning", yo]
            """, "greeting", "test/greeting.yaml");

        Assert.Empty(intent.Framing);
    }

    /// <summary>
    /// The newcomer's general guide and the who task search rely on these lists (see
    /// UnderstandingTests' general-guide theory); the built-in copy used over raw articles has them too.
    /// </summary>
    [Fact]
    public void Who_and_onboarding_declare_their_framing_words_in_the_repo_and_the_built_in_copy()
    {
        foreach (var registry in new[] { IntentRegistry.Load(Paths.Knowledge), IntentRegistry.Builtin() })
        {
            Assert.Contains("whose", registry.Get(Intent.Who).Framing);
            Assert.Contains("channels", registry.Get(Intent.Onboard).Framing);
        }
    }
}
