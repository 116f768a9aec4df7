using System.Text;
using RoleBot.Server.Channels.Slack;

namespace RoleBot.Server.Tests.Slack;

public sealed class SlackSignatureTests
{
    // Slack's own example from "Verifying requests from Slack".
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string Timestamp = "1531420618";
    private const string Body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string Expected = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static readonly DateTimeOffset Then = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    [Fact]
    public void Slacks_published_example_computes_to_the_published_signature() =>
        Assert.Equal(Expected, SlackSignature.Compute(Secret, Timestamp, Encoding.UTF8.GetBytes(Body)));

    [Fact]
    public void The_example_verifies_at_its_own_time() =>
        Assert.True(SlackSignature.IsValid(Secret, Timestamp, Expected, Encoding.UTF8.GetBytes(Body), Then.AddSeconds(30), TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(86400)]
    public void Requests_more_than_five_minutes_off_are_stale(int seconds) =>
        Assert.False(SlackSignature.IsValid(Secret, Timestamp, Expected, Encoding.UTF8.GetBytes(Body), Then.AddSeconds(seconds), TimeSpan.FromMinutes(5)));

    [Theory]
    [InlineData(null, Expected)]
    [InlineData(Timestamp, null)]
    [InlineData(Timestamp, "")]
    [InlineData("not-a-number", Expected)]
    [InlineData("99999999999999999999", Expected)]
    [InlineData(Timestamp, "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b504")]
    [InlineData(Timestamp, "v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData(Timestamp, "V0=A2114D57B48EAC39B9AD189DD8316235A7B4A8D21A10BD27519666489C69B503")]
    public void Missing_malformed_or_forged_signatures_fail(string? timestamp, string? signature) =>
        Assert.False(SlackSignature.IsValid(Secret, timestamp, signature, Encoding.UTF8.GetBytes(Body), Then, TimeSpan.FromMinutes(5)));

    [Fact]
    public void A_changed_body_or_secret_fails()
    {
        Assert.False(SlackSignature.IsValid(Secret, Timestamp, Expected, Encoding.UTF8.GetBytes(Body + "&x=1"), Then, TimeSpan.FromMinutes(5)));
        Assert.False(SlackSignature.IsValid(Secret + "x", Timestamp, Expected, Encoding.UTF8.GetBytes(Body), Then, TimeSpan.FromMinutes(5)));
    }
}
