namespace RoleBot.Server.Delivery;

/// <summary>What a reply belongs to, for the log line and the metric when it cannot be delivered. Ids, never text.</summary>
public sealed record DeliveryIds(string Channel, string? Conversation, string? Activity)
{
    public override string ToString() => $"channel {Channel}, conversation {Conversation ?? "-"}, activity {Activity ?? "-"}";
}
