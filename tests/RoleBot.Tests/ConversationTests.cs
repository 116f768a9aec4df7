using RoleBot.Conversations;
using RoleBot.Understanding;

namespace RoleBot.Tests;

/// <summary>
/// Follow-ups in a conversation, as people type them after a first question: each turn is read
/// against what the conversation was about, never against another conversation or person.
/// </summary>
[Collection("engine")]
public sealed class ConversationTests(EngineFixture fixture)
{
    private RoleBotEngine Engine => fixture.Engine;

    private static string NewConversation(string user = "ada") => ConversationKey.Of("test", Guid.NewGuid().ToString("n"), user);

    /// <summary>Each line: the message, then the intent and roles the answer must have.</summary>
    public static TheoryData<string[]> Scripts => new()
    {
        new[] { "What does an SRE do?|define|sre", "and their tools?|tools|sre", "what about platform?|tools|platform" },
        new[] { "how do platform engineers and SREs differ?|compare|platform,sre", "skills?|skills|platform,sre" },
        new[] { "what tools does a platform engineer use?|tools|platform", "and for devops?|tools|devops", "compare them|compare|devops,platform" },
        new[] { "what is an error budget|concept|", "who owns it?|who|sre" },
        new[] { "what is toil|concept|", "how do I reduce it?|concept|" },
        new[] { "how do I prepare for a cloud engineer interview?|interview|cloud", "same for sre|interview|sre" },
        new[] { "what does a devops engineer do?|define|devops", "interview tips?|interview|devops" },
        new[] { "tell me about SRE|define|sre", "what about cloud?|define|cloud", "the other one|define|sre" },
    };

    [Theory]
    [MemberData(nameof(Scripts))]
    public void An_elliptical_follow_up_is_read_against_the_turns_before(string[] script)
    {
        var conversation = NewConversation();
        foreach (var line in script)
        {
            var parts = line.Split('|');
            var a = Engine.Ask(parts[0], Channel.Teams, conversation);
            Assert.True(parts[1] == a.Intent.Id, $"\"{parts[0]}\": expected {parts[1]}, got {a.Intent.Id} [{string.Join(",", a.Roles)}]");
            if (parts[2].Length > 0) Assert.Equal(parts[2].Split(','), a.Roles);
        }
    }

    [Fact]
    public void Who_owns_it_after_a_term_names_the_owner_of_that_term()
    {
        var conversation = NewConversation();
        Engine.Ask("what is an error budget?", Channel.Teams, conversation);
        var a = Engine.Ask("who owns it?", Channel.Teams, conversation);
        Assert.Equal(Intent.Who, a.Intent);
        Assert.Contains("error budget", a.Understood.Task!.Heading, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Without_a_conversation_a_follow_up_stands_alone()
    {
        Engine.Ask("what does an SRE do?");
        var a = Engine.Ask("and their tools?");
        Assert.NotEqual(["sre"], a.Roles);
    }

    [Fact]
    public void A_full_new_question_replaces_the_context()
    {
        var conversation = NewConversation();
        Engine.Ask("what does an SRE do?", Channel.Teams, conversation);
        Assert.Equal(["cloud"], Engine.Ask("what does a cloud engineer do all day?", Channel.Teams, conversation).Roles);
        var a = Engine.Ask("and their tools?", Channel.Teams, conversation);
        Assert.Equal(Intent.Tools, a.Intent);
        Assert.Equal(["cloud"], a.Roles);
    }

    [Fact]
    public void Thanks_and_greetings_keep_the_context()
    {
        var conversation = NewConversation();
        Engine.Ask("what does a platform engineer do?", Channel.Teams, conversation);
        Engine.Ask("thanks!", Channel.Teams, conversation);
        Assert.Equal(["platform"], Engine.Ask("skills?", Channel.Teams, conversation).Roles);
    }

    [Fact]
    public void Context_never_crosses_conversations_or_people()
    {
        var sre = NewConversation();
        var cloud = NewConversation();
        Engine.Ask("what does an SRE do?", Channel.Teams, sre);
        Engine.Ask("what does a cloud engineer do?", Channel.Teams, cloud);
        Assert.Equal(["sre"], Engine.Ask("and their tools?", Channel.Teams, sre).Roles);
        Assert.Equal(["cloud"], Engine.Ask("and their tools?", Channel.Teams, cloud).Roles);

        // The same conversation id, another person (a group chat): their own context.
        var id = Guid.NewGuid().ToString("n");
        Engine.Ask("what does an SRE do?", Channel.Teams, ConversationKey.Of("test", id, "ada"));
        Assert.NotEqual(["sre"], Engine.Ask("and their tools?", Channel.Teams, ConversationKey.Of("test", id, "grace")).Roles);
    }

    [Fact]
    public void A_failing_store_costs_the_context_never_the_answer()
    {
        var engine = fixture.Engine;
        var store = new Moq.Mock<IConversationStore>();
        store.Setup(s => s.Get(Moq.It.IsAny<string>())).Throws(new TimeoutException("redis is away"));
        store.Setup(s => s.Set(Moq.It.IsAny<string>(), Moq.It.IsAny<ConversationContext>())).Throws(new TimeoutException("redis is away"));
        var before = engine.Conversations;
        engine.Conversations = store.Object;
        try
        {
            var a = engine.Ask("what does an SRE do?", Channel.Teams, NewConversation());
            Assert.Equal(Intent.Define, a.Intent);
            Assert.Equal(["sre"], a.Roles);
        }
        finally { engine.Conversations = before; }
    }
}

/// <summary>The in-memory store: bounded by count, forgetful after silence.</summary>
public sealed class InMemoryConversationStoreTests
{
    private static ConversationContext About(string role) => new("define", [role], null, []);

    [Fact]
    public void A_conversation_is_forgotten_after_the_idle_time_and_kept_while_it_talks()
    {
        var clock = new ManualClock();
        var store = new InMemoryConversationStore(idle: TimeSpan.FromMinutes(30), clock: clock);
        store.Set("a", About("sre"));
        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.NotNull(store.Get("a"));
        store.Set("a", About("sre")); // another turn
        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.NotNull(store.Get("a"));
        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Null(store.Get("a"));
    }

    [Fact]
    public void Past_the_capacity_the_least_recently_used_conversation_goes()
    {
        var store = new InMemoryConversationStore(capacity: 3);
        foreach (var key in new[] { "a", "b", "c" }) store.Set(key, About("sre"));
        store.Set("a", About("cloud")); // a talks again: b is now the oldest
        store.Set("d", About("devops"));
        Assert.Equal(3, store.Count);
        Assert.Null(store.Get("b"));
        Assert.Equal(["cloud"], store.Get("a")!.Roles);
        Assert.NotNull(store.Get("c"));
        Assert.NotNull(store.Get("d"));
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }
}
