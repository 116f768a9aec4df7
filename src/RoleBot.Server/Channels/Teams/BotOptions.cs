namespace RoleBot.Server.Channels.Teams;

/// <summary>
/// Bot Framework settings. The four credentials use the standard names (MicrosoftAppId,
/// MicrosoftAppPassword, MicrosoftAppTenantId, MicrosoftAppType) at the configuration root, as
/// Azure Bot Service and its tooling write them; the rest live under "Bot".
/// </summary>
public sealed class BotOptions
{
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>MultiTenant (default), SingleTenant or UserAssignedMSI.</summary>
    public string MicrosoftAppType { get; set; } = "MultiTenant";

    /// <summary>Accept requests without a token when no app id is set (also implied in Development).</summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Largest request body accepted on /api/messages; larger gets 413.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>OpenID metadata of the Bot Framework channel service (Azure Bot Service tokens).</summary>
    public string ChannelOpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Issuer of Bot Framework channel tokens.</summary>
    public string ChannelIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>OpenID metadata of Entra ID tokens (Emulator, Agents Playground with credentials); {tenant} is filled in.</summary>
    public string EntraOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration";

    /// <summary>Where outbound client-credential tokens come from; {tenant} is filled in.</summary>
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token";

    /// <summary>The scope outbound tokens are requested for.</summary>
    public string TokenScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>
    /// Hosts a bearer token may be sent to. A leading "*." matches subdomains. Loopback hosts are
    /// added in Development so the Emulator and the Agents Playground work locally.
    /// </summary>
    public List<string> AllowedServiceUrlHosts { get; set; } =
        ["smba.trafficmanager.net", "*.botframework.com", "botframework.com", "*.botframework.azure.us", "*.botframework.us"];

    public bool IsSingleTenant => string.Equals(MicrosoftAppType, "SingleTenant", StringComparison.OrdinalIgnoreCase);

    /// <summary>The tenant whose authority issues and whose issuers are trusted: the configured one, else botframework.com.</summary>
    public string Tenant => string.IsNullOrWhiteSpace(MicrosoftAppTenantId) ? "botframework.com" : MicrosoftAppTenantId!;

    public bool HasAppId => !string.IsNullOrWhiteSpace(MicrosoftAppId);
}
