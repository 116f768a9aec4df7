namespace RoleBot.Server.Channels.Slack;

/// <summary>
/// Slack settings, read from the names Slack's own tools use (SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN,
/// SLACK_APP_TOKEN) plus SLACK_API_URL and SLACK_ONBOARDING_CHANNELS. Without a signing secret the
/// Slack endpoints answer 404 and the Teams side is unaffected.
/// </summary>
public sealed class SlackOptions
{
    public string? SigningSecret { get; set; }
    public string? BotToken { get; set; }

    /// <summary>An app-level token (xapp-…) switches on Socket Mode.</summary>
    public string? AppToken { get; set; }

    public string ApiUrl { get; set; } = "https://slack.com/api/";

    /// <summary>Channel ids whose new members get a welcome (comma-separated in configuration).</summary>
    public List<string> OnboardingChannels { get; set; } = [];

    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How far a request's timestamp may be from now (replay protection).</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    public bool Enabled => !string.IsNullOrWhiteSpace(SigningSecret);
    public bool SocketMode => !string.IsNullOrWhiteSpace(AppToken);

    public static void Bind(SlackOptions o, IConfiguration config)
    {
        o.SigningSecret = Setting(config, "SLACK_SIGNING_SECRET", "Slack:SigningSecret") ?? o.SigningSecret;
        o.BotToken = Setting(config, "SLACK_BOT_TOKEN", "Slack:BotToken") ?? o.BotToken;
        o.AppToken = Setting(config, "SLACK_APP_TOKEN", "Slack:AppToken") ?? o.AppToken;
        o.ApiUrl = Setting(config, "SLACK_API_URL", "Slack:ApiUrl") ?? o.ApiUrl;
        if (!o.ApiUrl.EndsWith('/')) o.ApiUrl += "/";
        var channels = Setting(config, "SLACK_ONBOARDING_CHANNELS", "Slack:OnboardingChannels");
        if (channels is not null)
            o.OnboardingChannels = channels.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static string? Setting(IConfiguration config, params string[] keys) =>
        keys.Select(k => config[k]).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
