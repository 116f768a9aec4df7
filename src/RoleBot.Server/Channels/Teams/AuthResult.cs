namespace RoleBot.Server.Channels.Teams;

/// <summary>The outcome of checking who sent an activity: 200 to go on, or the status to answer with.</summary>
public sealed record AuthResult(int Status, string? Reason, bool Anonymous, string? Issuer)
{
    public bool Succeeded => Status == 200;
    public static AuthResult AnonymousOk { get; } = new(200, null, true, null);
    public static AuthResult Unauthorized(string reason) => new(401, reason, false, null);
    public static AuthResult Forbidden(string reason) => new(403, reason, false, null);
}

