using System.Text.RegularExpressions;
using RoleBot.Conversations;
using RoleBot.Knowledge;
using RoleBot.Text;

namespace RoleBot.Understanding;

/// <summary>
/// Elliptical follow-ups, read against what the conversation was about: "and their tools?",
/// "compare them", "who owns it?", "what about platform?", "the other one". A follow-up is turned
/// into the full question it stands for (a pronoun replaced by the topic or the roles, a bare role
/// name asked the previous question, "the other one" the role before), which is then understood the
/// usual way. A message that names its own roles or topic and says what it asks is a new question.
/// </summary>
public sealed partial class FollowUps(MessageInterpreter interpreter, KnowledgeBase knowledge)
{
    /// <summary>Longer messages say everything they need; follow-ups are short.</summary>
    private const int MaxWords = 12;

    /// <summary>The full question <paramref name="message"/> stands for, or null when it stands alone.</summary>
    public string? Rewrite(string message, ConversationContext context)
    {
        var text = MessageInterpreter.Clean(message).ToLowerInvariant().Trim();
        if (text.Length == 0 || text.StartsWith('/')) return null;
        var words = Words.Tokenize(text);
        if (words.Count == 0 || words.Count > MaxWords) return null;

        var continuation = Continuation().Match(text);
        var rest = continuation.Success ? text[continuation.Length..].Trim() : text;
        var (roles, term) = interpreter.Mentions(rest);

        if (roles.Count == 0 && term is null && OtherOne().IsMatch(rest))
        {
            var other = context.EarlierRoles.FirstOrDefault(r => !context.Roles.Contains(r));
            // After a comparison "the other one" is a role of its own.
            return other is null ? null : Command(context.Intent == Intent.Compare.Id ? Intent.Define.Id : context.Intent, [other], null);
        }

        if (roles.Count > 0 || term is not null)
        {
            // "what about platform?", "and for devops?": the previous question about other roles (or
            // another term). Anything more ("and devops tools?") asks its own question.
            if (!continuation.Success && Words.Tokenize(rest).Count > 3) return null;
            if (!OnlyNames(rest, roles, term)) return null;
            if (term is not null && roles.Count == 0)
                return Command(context.Intent, [], Answers.Phrasing.TermShort(term));
            var asked = context.Intent == Intent.Compare.Id
                ? context.Roles.Concat(roles).Distinct().TakeLast(4).ToList()
                : roles.ToList();
            if (context.Intent == Intent.Compare.Id && asked.Count < 2) return null;
            return Command(context.Intent, asked, context.Topic);
        }

        // No role and no topic of its own: its pronouns, or its missing object, are the context's.
        var topic = context.Topic;
        var rolesPhrase = Names(context.Roles);
        // "them", "both" after one role: that role and the one before it ("compare them").
        var pluralPhrase = context.Roles.Count == 1 && context.EarlierRoles.Count > 0 ? Names([context.EarlierRoles[0], context.Roles[0]]) : rolesPhrase;
        if (topic is not null && ThingPronoun().IsMatch(rest))
            return ThingPronoun().Replace(rest, topic, 1);
        if (rolesPhrase is not null && PeoplePronoun().IsMatch(rest))
            return PeoplePronoun().Replace(rest, m => m.Value switch
            {
                "their" => rolesPhrase + "'s",
                "them" or "both" or "those" or "these" => pluralPhrase!,
                _ => rolesPhrase,
            }, 1);
        if (rolesPhrase is not null && ThingPronoun().IsMatch(rest))
            return ThingPronoun().Replace(rest, rolesPhrase, 1);
        // "skills?", "interview tips?", "tools": what to ask is said, whom it is about is not. ("thanks"
        // and "ok" say nothing to ask.)
        if (interpreter.TopIntent(rest) is var top && (top == Intent.Unknown || top == Intent.Greeting || top == Intent.Help)) return null;
        if (Words.Tokenize(rest).Count <= 3)
            return rolesPhrase is not null ? $"{rest.TrimEnd('?', '.', '!')} for {rolesPhrase}?" : topic is not null ? $"{rest.TrimEnd('?', '.', '!')} {topic}?" : null;
        return null;
    }

    /// <summary>The question an intent asks, as its slash command, about other roles or another topic.</summary>
    private string? Command(string intentId, IReadOnlyList<string> roles, string? topic)
    {
        var command = interpreter.Intents.Find(new Intent(intentId))?.Commands.FirstOrDefault();
        var takesRoles = command?.Usage.Contains("<role", StringComparison.Ordinal) == true;
        if (roles.Count > 0)
            // An intent that is not about a role (a term, fit): "what about cloud?" asks about that role.
            return takesRoles ? $"/{command!.Name} {string.Join(' ', roles)}" : "/role " + roles[0];
        if (topic is not null && command is not null && (command.Usage.Contains("<term", StringComparison.Ordinal) || command.Usage.Contains("<task", StringComparison.Ordinal)))
            return $"/{command.Name} {topic}";
        return null;
    }

    private string? Names(IReadOnlyList<string> roles) =>
        roles.Count == 0 ? null : string.Join(" and ", roles.Select(r => knowledge.Catalog.Get(r).Name));

    /// <summary>The words a follow-up names its roles or term with, and nothing that asks a question of its own.</summary>
    private bool OnlyNames(string rest, IReadOnlyList<string> roles, Passage? term)
    {
        var remaining = Words.Tokenize(rest).Where(w => !Filler.Contains(w)).ToList();
        var named = roles.SelectMany(r => knowledge.Catalog.Get(r).Aliases.Append(r).Append(knowledge.Catalog.Get(r).Name))
            .Concat(term is null ? [] : [term.Heading, .. term.Aliases])
            .SelectMany(n => Words.Tokenize(n.ToLowerInvariant()))
            .ToHashSet(StringComparer.Ordinal);
        return remaining.All(w => named.Contains(w) || named.Contains(Words.Singular(w)) || w.Length <= 2);
    }

    private static readonly HashSet<string> Filler =
    [
        "for", "the", "a", "an", "about", "of", "on", "with", "role", "roles", "one", "ones", "then", "instead", "too", "as", "well",
        "engineer", "engineers", "engineering", "team", "teams", "folks", "people", "guys", "side", "ok", "okay", "so", "hmm",
    ];

    [GeneratedRegex(@"^(?:(?:ok|okay|cool|thanks|thank you|great|nice|got it|right|hmm)[\s,!.]+)?(?:(?:and|what about|how about|same for|same question for|what of|now|also|then)\b[\s,]*)+")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"^(?:(?:and|what about|how about)\s+)?(?:the\s+)?other(?:\s+(?:one|role))?\s*\??$")]
    private static partial Regex OtherOne();

    [GeneratedRegex(@"\b(?:it|that|this)\b")]
    private static partial Regex ThingPronoun();

    [GeneratedRegex(@"\b(?:their|them|they|those|these|both|he|she|him|her)\b")]
    private static partial Regex PeoplePronoun();
}
