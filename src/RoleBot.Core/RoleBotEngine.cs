using RoleBot.Answers;
using RoleBot.Conversations;
using RoleBot.Knowledge;
using RoleBot.Meaning;
using RoleBot.Search;
using RoleBot.Understanding;

namespace RoleBot;

/// <summary>
/// The channel-neutral answer engine: knowledge in, answers out. Every channel (terminal, Teams,
/// Slack) holds one of these and calls <see cref="Ask"/>; it is safe to call from many threads.
/// </summary>
public sealed class RoleBotEngine : IDisposable
{
    public KnowledgeBase Knowledge { get; }
    public PassageIndex Index { get; }
    public HybridSearch Search { get; }
    public MessageInterpreter Interpreter { get; }
    public RoleFacts Facts { get; }
    public IntentRegistry Intents => Knowledge.Intents;

    /// <summary>Each conversation's context between turns (in memory unless a host sets a shared store).</summary>
    public IConversationStore Conversations { get; set; } = new InMemoryConversationStore();

    private readonly FollowUps _followUps;

    /// <param name="cacheDirectory">Where embeddings and the trained classifier are kept between runs
    /// (default: <see cref="VectorStore.DefaultDirectory"/>); null or unwritable means in memory only.</param>
    public RoleBotEngine(KnowledgeBase knowledge, string? cacheDirectory = null)
    {
        Knowledge = knowledge;
        Index = new PassageIndex(knowledge.Passages, new RoleBotAnalyzer(knowledge.Catalog, knowledge.Glossary));
        var store = new VectorStore(cacheDirectory ?? VectorStore.DefaultDirectory());
        var embedder = SentenceEmbedder.Shared;
        var texts = knowledge.Passages.Select(HybridSearch.EmbeddingText).ToList();
        // One cache file per corpus content, so the repo's corpus and the raw seeds don't evict each
        // other and every clone of the same corpus shares one.
        var vectors = store.Embed("passages-" + VectorStore.Hash(texts)[..12], texts, t => embedder.EmbedBatch(t));
        Search = new HybridSearch(Index, knowledge.Passages, knowledge.Passages.Select((p, i) => (p.Id, V: vectors[i])).ToDictionary(e => e.Id, e => e.V));
        Interpreter = new MessageInterpreter(knowledge, Search, new QueryEmbeddings(embedder), store);
        Facts = new RoleFacts(knowledge, Index);
        _followUps = new FollowUps(Interpreter, knowledge);
        foreach (var suggestion in knowledge.Suggestions.All) ReadingOf(suggestion.Message);
    }

    public static RoleBotEngine Load(string knowledgeFolder, string? cacheDirectory = null) => new(KnowledgeBase.Load(knowledgeFolder), cacheDirectory);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<RoleBotEngine>> SharedEngines = new();

    /// <summary>
    /// One engine per knowledge folder per process, loaded on first use: the model, the index and
    /// the classifier are read-only once built, so every host in the process (and every test
    /// server) can answer from the same one. A failed load is not kept: the next call tries again.
    /// </summary>
    public static RoleBotEngine Shared(string knowledgeFolder)
    {
        var key = Path.GetFullPath(knowledgeFolder);
        var lazy = SharedEngines.GetOrAdd(key, k => new Lazy<RoleBotEngine>(() => Load(k), LazyThreadSafetyMode.ExecutionAndPublication));
        try { return lazy.Value; }
        catch { SharedEngines.TryRemove(new KeyValuePair<string, Lazy<RoleBotEngine>>(key, lazy)); throw; }
    }

    /// <summary>Answers one message. Never throws for any text: the worst case is a polite "I don't know".</summary>
    /// <param name="conversation">The conversation's key (<see cref="ConversationKey"/>): with one, follow-ups
    /// such as "and their tools?" are read against the turns before; without, every message stands alone.</param>
    /// <param name="pressed">The reading a pressed button carries (<see cref="Suggestion.Reading"/>): answered
    /// exactly, without reading <paramref name="message"/> (its label) again, unless the reading is not valid here.</param>
    public Answer Ask(string? message, Channel channel = Channel.Teams, string? conversation = null, Reading? pressed = null)
    {
        using var span = AnswerTelemetry.Start();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var answer = Respond(message, channel, conversation, pressed);
        AnswerTelemetry.Record(span, answer, channel, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return answer;
    }

    private Answer Respond(string? message, Channel channel, string? conversation, Reading? pressed)
    {
        var context = conversation is null ? null : Remembered(conversation);
        var understood = pressed is null ? null : Interpreter.FromReading(pressed);
        // Slash commands and presses are read by exact rules alone: the same one gets the same reply.
        string? same = understood is not null ? "r|" + pressed!.ToJson().ToJsonString()
            : message is { Length: > 0 and <= 500 } m && m.TrimStart().StartsWith('/') ? "c|" + m.Trim() : null;
        if (same is not null && _deterministic.TryGetValue($"{channel}|{same}", out var known))
        {
            if (conversation is not null) Remember(conversation, context, known.Understood, known.Reply);
            return new Answer(message ?? "", known.Understood, known.Reply);
        }
        if (understood is null)
        {
            // A follow-up's label typed back (or copied) is the same as pressing its button.
            var offered = context?.OfferedAs(message);
            understood = offered?.Reading is { } reading ? Interpreter.FromReading(reading) : null;
            understood ??= Interpreter.Interpret(offered?.Message ?? message);
            if (context is not null && offered is null && understood.Command is null && _followUps.Rewrite(message ?? "", context) is { } full)
            {
                var followUp = Interpreter.Interpret(full);
                if (followUp.Intent != Intent.Unknown) understood = followUp with { Text = understood.Text };
            }
        }
        // One composer per answer: it collects the passages it cites.
        var reply = WithReadings(new ReplyComposer(Knowledge, Search, Facts).Compose(understood, channel));
        if (same is not null && understood.Vector is null && _deterministic.Count < 10_000) _deterministic[$"{channel}|{same}"] = (understood, reply);
        if (conversation is not null) Remember(conversation, context, understood, reply);
        return new Answer(message ?? "", understood, reply);
    }

    /// <summary>Replies to slash commands and presses, which depend only on the corpus and the channel (bounded).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, (Understood Understood, Reply Reply)> _deterministic = new(StringComparer.Ordinal);

    /// <summary>A pressed follow-up: answered from its reading when that is valid here, else its message as if typed.</summary>
    public Answer Press(Suggestion pressed, Channel channel = Channel.Teams, string? conversation = null) =>
        pressed.Reading is { } r && Interpreter.FromReading(r) is not null
            ? Ask(pressed.Label, channel, conversation, r)
            : Ask(pressed.Message, channel, conversation);

    /// <summary>
    /// Every follow-up and choice leaves with the reading it stands for. Most are slash commands,
    /// read by exact rules; the few free-text ones come from <c>suggestions.yaml</c> and were read
    /// when the engine started. Readings depend only on the corpus, so they are kept.
    /// </summary>
    private Reply WithReadings(Reply reply) =>
        reply.Choices.Concat(reply.Suggestions).All(s => s.Reading is not null) ? reply
            : reply with { Choices = reply.Choices.Select(WithReading).ToList(), Suggestions = reply.Suggestions.Select(WithReading).ToList() };

    private Suggestion WithReading(Suggestion s) => s.Reading is not null ? s : s with { Reading = ReadingOf(s.Message) };

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Reading?> _readings = new(StringComparer.Ordinal);

    private Reading? ReadingOf(string message)
    {
        if (_readings.TryGetValue(message, out var known)) return known;
        var reading = Reading.Of(Interpreter.Interpret(message));
        // Bounded by the corpus (roles × commands, headings, suggestions.yaml); the cap is a guard.
        if (_readings.Count < 20_000) _readings[message] = reading;
        return reading;
    }

    /// <summary>A store that fails (Redis away) means no context for this turn, never no answer.</summary>
    private ConversationContext? Remembered(string conversation)
    {
        try { return Conversations.Get(conversation); }
        catch (Exception) { return null; }
    }

    private void Remember(string conversation, ConversationContext? before, Understood understood, Reply reply)
    {
        var topic = understood.Term ?? understood.Task;
        var after = ConversationContext.After(before, understood, topic is null ? null : Phrasing.TermShort(topic))
                    ?? new ConversationContext(understood.Intent.Id, [], null, []);
        after = after with { Offered = [.. reply.Choices, .. reply.Suggestions] }; // stored again even when unchanged: silence is counted from the last turn
        try { Conversations.Set(conversation, after); }
        catch (Exception) { /* the next turn simply has no context */ }
    }

    /// <summary>
    /// The repo's <c>knowledge/</c> folder, found by walking up from <paramref name="start"/> (the
    /// working directory, then the app's own folder), so commands work from any folder of a clone.
    /// </summary>
    public static string? FindDefaultKnowledge(params string[] starts) =>
        FindUpwards(Path.Combine("knowledge", RoleCatalog.FileName), starts);

    /// <summary>
    /// The folder holding <paramref name="relativeFile"/> (e.g. "manifests/teams/manifest.json") in
    /// the nearest ancestor of any of <paramref name="starts"/> that has it, or null.
    /// </summary>
    public static string? FindUpwards(string relativeFile, params string[] starts)
    {
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, relativeFile)))
                    return Path.GetDirectoryName(Path.Combine(dir.FullName, relativeFile));
        return null;
    }

    public void Dispose() => Index.Dispose();
}
