using System.Text.Json.Nodes;

namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// One incoming activity being handled. Handlers only <see cref="Send"/>; whether the replies go back
/// in the HTTP response (expectReplies) or to the connector afterwards is the adapter's business.
/// </summary>
public sealed class TurnContext(Activity activity)
{
    private readonly List<Activity> _replies = [];

    public Activity Activity { get; } = activity;
    public IReadOnlyList<Activity> Replies => _replies;

    /// <summary>The body of the HTTP response to an invoke (status 200 with this JSON).</summary>
    public JsonObject? InvokeResponse { get; set; }

    /// <summary>The invoke was handled and wants 200 with an empty body (message/submitAction feedback).</summary>
    public bool InvokeAcknowledged { get; set; }

    /// <summary>Queues a reply, addressed to the sender of the incoming activity.</summary>
    public void Send(Activity reply) => _replies.Add(reply);
}
