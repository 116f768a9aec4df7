using RoleBot.Answers;
using RoleBot.Knowledge;
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
    public MessageInterpreter Interpreter { get; }
    public RoleFacts Facts { get; }

    public RoleBotEngine(KnowledgeBase knowledge)
    {
        Knowledge = knowledge;
        Index = new PassageIndex(knowledge.Passages, new RoleBotAnalyzer(knowledge.Catalog));
        Interpreter = new MessageInterpreter(knowledge, Index);
        Facts = new RoleFacts(knowledge, Index);
    }

    public static RoleBotEngine Load(string knowledgeFolder) => new(KnowledgeBase.Load(knowledgeFolder));

    /// <summary>Answers one message. Never throws for any text: the worst case is a polite "I don't know".</summary>
    public Answer Ask(string? message)
    {
        var understood = Interpreter.Interpret(message);
        // One composer per answer: it collects the passages it cites.
        var reply = new ReplyComposer(Knowledge, Index, Facts).Compose(understood);
        return new Answer(message ?? "", understood, reply);
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
