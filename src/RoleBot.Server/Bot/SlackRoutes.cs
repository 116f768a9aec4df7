using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RoleBot.Answers;
using RoleBot.Rendering;
using RoleBot.Understanding;
using RoleBot.Conversations;
using RoleBot.Server.Channels.Slack;
using RoleBot.Server.Curation;
using RoleBot.Curation.QuestionLog;

namespace RoleBot.Server.Bot;

/// <summary>Everything RoleBot does on Slack, one registration per behaviour.</summary>
public static partial class SlackRoutes
{
    /// <summary>The slash commands RoleBot registers on Slack: the intent registry's, as the manifests list them.</summary>
    public static IReadOnlyList<string> CommandNames(IntentRegistry intents) => intents.CommandsOn(Channel.Slack).Select(c => "/" + c.Name).ToList();

    public static SlackApp Build(EngineHost host, SlackWebApi slack, Microsoft.Extensions.Options.IOptions<SlackOptions> options, IDeduplicator seen, Delivery.RoleBotMetrics metrics, UserRateLimit limit, QuestionLog log, ILogger<SlackApp>? logger = null)
    {
        var app = new SlackApp(logger);
        foreach (var name in CommandNames(IntentRegistry.Load(host.KnowledgePath)))
            app.Command(name, (command, _) => AnswerCommand(command, host, limit, log));
        return app
            .Event("app_mention", (e, ct) => AnswerInThread(e, host, slack, limit, log, ct))
            .Event("message.im", (e, ct) => AnswerDirectMessage(e, host, slack, limit, log, ct))
            .Event("member_joined_channel", (e, ct) => WelcomeNewMember(e, host, slack, options.Value, ct))
            .Event("app_home_opened", (e, ct) => PublishHome(e, host, slack, ct))
            .Action("followup", (a, ct) => AnswerButton(a, host, slack, limit, log, ct))
            .Action("choice", (a, ct) => AnswerButton(a, host, slack, limit, log, ct))
            .Action("share", (a, ct) => ShareInChannel(a, host, slack, seen, metrics, ct))
            .Action(BlockKitRenderer.FeedbackActionId, (a, ct) => Feedback(a, slack, log, ct))
            .Action(LookingForActionId, (a, ct) => WhatWasMissing(a, slack, log, ct))
            .Error((_, failure, ct) => TellThePerson(failure, slack, ct));
    }

    /// <summary>A slash command: answered in the HTTP response, only to the person who asked, with a share button.</summary>
    private static async Task<JsonObject> AnswerCommand(SlackCommand command, EngineHost host, UserRateLimit limit, QuestionLog log)
    {
        if (!limit.Allow("slack", command.UserId))
        {
            var slowDown = BlockKitRenderer.Render(UserRateLimit.SlowDown);
            slowDown["response_type"] = "ephemeral";
            return slowDown;
        }
        var engine = await host.EngineAsync;
        // Every command goes to the engine as typed: "/rolebot <anything>" is a question, the others carry arguments.
        var question = $"{command.Command} {command.Text}".Trim();
        var conversation = ConversationKey.Of("slack", command.ChannelId, command.UserId);
        var answer = engine.Ask(question, Channel.Slack, conversation);
        var id = log.Answered("slack", command.UserId, LogConversations.Slack(command.ChannelId), answer);
        var message = BlockKitRenderer.Render(answer.Reply, share: SharedAs(answer), feedback: id);
        message["response_type"] = "ephemeral";
        return message;
    }

    private static async Task AnswerInThread(SlackEvent e, EngineHost host, SlackWebApi slack, UserRateLimit limit, QuestionLog log, CancellationToken ct)
    {
        if (!IsFromAPerson(e) || SlackApp.Str(e.Body, "channel") is not { } channel) return;
        var thread = SlackApp.Str(e.Body, "thread_ts") ?? SlackApp.Str(e.Body, "ts");
        if (!limit.Allow("slack", SlackApp.Str(e.Body, "user")))
        {
            await slack.PostMessageAsync(channel, BlockKitRenderer.Render(UserRateLimit.SlowDown), thread, ct);
            return;
        }
        var engine = await host.EngineAsync;
        var text = LeadingMention().Replace(SlackApp.Str(e.Body, "text") ?? "", "");
        // A channel thread is one conversation (the bot answers a new mention in its own thread).
        var conversation = ConversationKey.Of("slack", $"{channel}/{thread}", SlackApp.Str(e.Body, "user"));
        await PostAnswerAsync(engine.Ask(text, Channel.Slack, conversation), e, channel, thread, slack, log, ct);
    }

    /// <summary>An answer posted as a message: logged, with 👍/👎, and its ts joined to it.</summary>
    private static async Task PostAnswerAsync(Answer answer, SlackEvent e, string channel, string? thread, SlackWebApi slack, QuestionLog log, CancellationToken ct)
    {
        var id = log.Answered("slack", SlackApp.Str(e.Body, "user"), LogConversations.Slack(channel), answer);
        var posted = await slack.PostMessageAsync(channel, BlockKitRenderer.Render(answer.Reply, feedback: id), thread, ct);
        log.Sent(id, LogConversations.Slack(channel), SlackApp.Str(posted, "ts"));
    }

    private static async Task AnswerDirectMessage(SlackEvent e, EngineHost host, SlackWebApi slack, UserRateLimit limit, QuestionLog log, CancellationToken ct)
    {
        if (!IsFromAPerson(e) || SlackApp.Str(e.Body, "channel") is not { } channel) return;
        if (!limit.Allow("slack", SlackApp.Str(e.Body, "user")))
        {
            await slack.PostMessageAsync(channel, BlockKitRenderer.Render(UserRateLimit.SlowDown), null, ct);
            return;
        }
        var engine = await host.EngineAsync;
        var conversation = ConversationKey.Of("slack", channel, SlackApp.Str(e.Body, "user"));
        await PostAnswerAsync(engine.Ask(SlackApp.Str(e.Body, "text"), Channel.Slack, conversation), e, channel, null, slack, log, ct);
    }

    /// <summary>Only people's own messages: never the bot itself, other bots, edits, joins or other subtypes.</summary>
    private static bool IsFromAPerson(SlackEvent e) =>
        e.Body["bot_id"] is null && e.Body["subtype"] is null && e.Body["bot_profile"] is null &&
        SlackApp.Str(e.Body, "user") is { } user && user != e.BotUserId;

    private static async Task WelcomeNewMember(SlackEvent e, EngineHost host, SlackWebApi slack, SlackOptions options, CancellationToken ct)
    {
        if (SlackApp.Str(e.Body, "channel") is not { } channel || SlackApp.Str(e.Body, "user") is not { } user) return;
        if (user == e.BotUserId || !options.OnboardingChannels.Contains(channel)) return;
        var engine = await host.EngineAsync;
        var message = BlockKitRenderer.Render(new Welcomes(engine.Knowledge).NewMembers([new Mention(user, user)], Channel.Slack));
        await slack.PostEphemeralAsync(channel, user, message, ct);
    }

    private static async Task PublishHome(SlackEvent e, EngineHost host, SlackWebApi slack, CancellationToken ct)
    {
        if (SlackApp.Str(e.Body, "tab") is "messages" || SlackApp.Str(e.Body, "user") is not { } user) return;
        var engine = await host.EngineAsync;
        var rendered = BlockKitRenderer.Render(new Welcomes(engine.Knowledge).BotInstalled(Channel.Slack));
        var view = new JsonObject { ["type"] = "home", ["blocks"] = rendered["blocks"]!.DeepClone() };
        await slack.PublishHomeAsync(user, view, ct);
    }

    /// <summary>What "Share in channel" posts again: the same question, answered from the same reading.</summary>
    private static Suggestion SharedAs(Answer answer) => new(answer.Question, answer.Question) { Reading = Reading.Of(answer.Understood) };

    /// <summary>A follow-up or "Did you mean" button: answered through the interaction's response_url.</summary>
    private static async Task AnswerButton(SlackAction action, EngineHost host, SlackWebApi slack, UserRateLimit limit, QuestionLog log, CancellationToken ct)
    {
        if (FollowUpPayload.ReadValue(action.Value) is not { } pressed) return;
        var engine = await host.EngineAsync;
        var ephemeral = action.FromEphemeral;
        JsonObject message;
        if (!limit.Allow("slack", action.UserId)) message = BlockKitRenderer.Render(UserRateLimit.SlowDown);
        else
        {
            var answer = engine.Press(pressed, Channel.Slack, ConversationOf(action));
            var id = log.Answered("slack", action.UserId, LogConversations.Slack(action.ChannelId), answer, pressed: true);
            message = BlockKitRenderer.Render(answer.Reply, share: ephemeral ? SharedAs(answer) : null, feedback: id);
        }
        if (action.ResponseUrl is { } url)
        {
            message["response_type"] = ephemeral ? "ephemeral" : "in_channel";
            message["replace_original"] = false;
            await slack.RespondAsync(url, message, ct);
        }
        else if (action.UserId is { } user)
        {
            // Buttons on the App Home tab have no response_url: answer in the app's DM.
            await slack.PostMessageAsync(user, message, null, ct);
        }
    }

    /// <summary>"Share in channel": the same answer again, visible to everyone in the channel.</summary>
    /// <remarks>Once per answer: a replayed or double click does not post it again (on any replica).</remarks>
    private static async Task ShareInChannel(SlackAction action, EngineHost host, SlackWebApi slack, IDeduplicator seen, Delivery.RoleBotMetrics metrics, CancellationToken ct)
    {
        if (FollowUpPayload.ReadValue(action.Value) is not { } shared || action.ResponseUrl is not { } url) return;
        var message = SlackApp.Str(action.Payload["container"] as JsonObject, "message_ts") ?? SlackApp.Str(action.Payload, "trigger_id") ?? url;
        if (!seen.FirstTime($"share:{action.ChannelId}:{message}"))
        {
            metrics.DuplicatesIgnored.Add(1, new KeyValuePair<string, object?>("kind", "share"));
            return;
        }
        var engine = await host.EngineAsync;
        var answer = BlockKitRenderer.Render(engine.Press(shared, Channel.Slack).Reply);
        answer["response_type"] = "in_channel";
        answer["replace_original"] = false;
        await slack.RespondAsync(url, answer, ct);
    }

    private const string LookingForActionId = "lookingfor";

    /// <summary>
    /// Slack's 👍/👎 (feedback_buttons): the button's value names the answer, the message ts joins
    /// it too. A 👍 is thanked; a 👎 asks one optional question, only to that person.
    /// </summary>
    private static async Task Feedback(SlackAction action, SlackWebApi slack, QuestionLog log, CancellationToken ct)
    {
        if (Tagged(action.Value) is not (var tag, var answerId) || Reactions.Parse(tag) is not { } reaction) return;
        var ts = SlackApp.Str(action.Payload["container"] as JsonObject, "message_ts") ?? SlackApp.Str(action.Payload["message"] as JsonObject, "ts");
        log.Feedback(new FeedbackGiven(DateTimeOffset.UtcNow, "slack", action.UserId, LogConversations.Slack(action.ChannelId), answerId, ts, reaction, null));
        if (action.ResponseUrl is not { } url) return;
        var reply = reaction == Reaction.Like
            ? new JsonObject { ["text"] = "Thanks for the feedback!" }
            : WhatWereYouLookingFor(answerId);
        reply["response_type"] = "ephemeral";
        reply["replace_original"] = false;
        await slack.RespondAsync(url, reply, ct);
    }

    /// <summary>One optional question after a 👎: an input that sends on Enter; the block id names the answer.</summary>
    private static JsonObject WhatWereYouLookingFor(string answerId) => new()
    {
        ["text"] = "Thanks for telling us. What were you looking for?",
        ["blocks"] = new JsonArray(new JsonObject
        {
            ["type"] = "input",
            ["block_id"] = LookingForActionId + "|" + answerId,
            ["dispatch_action"] = true,
            ["optional"] = true,
            ["label"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Thanks for telling us. What were you looking for? (optional)" },
            ["element"] = new JsonObject
            {
                ["type"] = "plain_text_input",
                ["action_id"] = LookingForActionId,
                ["max_length"] = 1000,
                ["placeholder"] = new JsonObject { ["type"] = "plain_text", ["text"] = "e.g. who to page when the build goes red" },
                ["dispatch_action_config"] = new JsonObject { ["trigger_actions_on"] = new JsonArray("on_enter_pressed") },
            },
        }),
    };

    /// <summary>"tag|answer id", as the feedback buttons' values and the question's block id carry it; null when forged or cut.</summary>
    private static (string Tag, string AnswerId)? Tagged(string? value) =>
        (value ?? "").Split('|', 2) is [var tag, { Length: > 0 and <= 64 } id] ? (tag, id) : null;

    /// <summary>The answer to "What were you looking for?": kept with the 👎, and the question replaced by thanks.</summary>
    private static async Task WhatWasMissing(SlackAction action, SlackWebApi slack, QuestionLog log, CancellationToken ct)
    {
        if (Tagged(action.BlockId) is not (_, var answerId) || string.IsNullOrWhiteSpace(action.Value)) return;
        log.Feedback(new FeedbackGiven(DateTimeOffset.UtcNow, "slack", action.UserId, LogConversations.Slack(action.ChannelId), answerId, null, Reaction.Dislike, action.Value));
        if (action.ResponseUrl is { } url)
            await slack.RespondAsync(url, new JsonObject
            {
                ["response_type"] = "ephemeral",
                ["replace_original"] = true,
                ["text"] = "Thank you. That tells us what to write next.",
            }, ct);
    }

    /// <summary>A failed event or button: the person hears so, briefly, where they asked (only to them).</summary>
    private static async Task TellThePerson(SlackFailure failure, SlackWebApi slack, CancellationToken ct)
    {
        var sorry = new JsonObject { ["response_type"] = "ephemeral", ["replace_original"] = false, ["text"] = "Sorry, RoleBot hit a problem answering that. Please try again in a moment." };
        if (failure.ResponseUrl is { } url) await slack.RespondAsync(url, sorry, ct);
        else if (failure.Channel is { } channel && failure.User is { } user) await slack.PostEphemeralAsync(channel, user, sorry, ct);
    }

    /// <summary>A button belongs to the conversation of the message it is on: its thread, else its channel.</summary>
    private static string? ConversationOf(SlackAction action)
    {
        if (action.ChannelId is not { } channel) return null;
        var container = action.Payload["container"] as JsonObject;
        var thread = SlackApp.Str(container, "thread_ts") ?? SlackApp.Str(action.Payload["message"] as JsonObject, "thread_ts");
        return ConversationKey.Of("slack", thread is null ? channel : $"{channel}/{thread}", action.UserId);
    }

    [GeneratedRegex(@"^\s*(<@[A-Z0-9]+(\|[^>]*)?>[\s,:]*)+")]
    private static partial Regex LeadingMention();
}
