using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace RoleBot.Server.Channels.Slack;

/// <summary>
/// The Socket Mode receiver, for workspaces where the bot has no public URL: with an app-level token
/// it opens a WebSocket (apps.connections.open), acknowledges every envelope at once, and hands
/// events, commands and button presses to the same <see cref="SlackApp"/> as the HTTP endpoints.
/// On "disconnect" or a dropped socket it opens a new connection.
/// </summary>
public sealed class SlackSocketMode(SlackApp app, SlackInbox inbox, SlackWebApi api, IOptions<SlackOptions> options, TimeProvider clock, ILogger<SlackSocketMode> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SocketMode) return;
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var url = await api.OpenConnectionAsync(stoppingToken);
                if (url is null) throw new InvalidOperationException("apps.connections.open gave no URL");
                using var socket = new ClientWebSocket();
                // Pings keep the connection alive and reveal a half-open one instead of waiting forever.
                socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
                socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(30);
                await socket.ConnectAsync(new Uri(url), stoppingToken);
                logger.LogInformation("Slack Socket Mode connected");
                delay = TimeSpan.FromSeconds(1);
                await ReceiveAsync(socket, stoppingToken);
                await Task.Delay(TimeSpan.FromMilliseconds(250), clock, stoppingToken); // never a tight reconnect loop
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Slack Socket Mode connection failed: {Message}; retrying in {Delay}s", e.Message, delay.TotalSeconds);
                await Task.Delay(delay, clock, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
            }
        }
    }

    /// <summary>Reads envelopes until Slack asks us to reconnect or the socket closes.</summary>
    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        while (socket.State == WebSocketState.Open && !ct.IsCancellationRequested)
        {
            var message = await ReadMessageAsync(socket, ct);
            if (message is null) return;
            JsonObject? envelope;
            // Broken text (an emoji cut in half) becomes U+FFFD: one such message must not drop the connection.
            try { envelope = JsonNode.Parse(Http.LenientJson.Repair(message)) as JsonObject; }
            catch (JsonException) { continue; }
            if (envelope is null) continue;

            var type = SlackApp.Str(envelope, "type");
            if (type == "disconnect")
            {
                logger.LogInformation("Slack asked to reconnect ({Reason})", SlackApp.Str(envelope, "reason"));
                await CloseQuietlyAsync(socket);
                return;
            }
            if (SlackApp.Str(envelope, "envelope_id") is not { } envelopeId) continue; // hello, etc.

            var ack = new JsonObject { ["envelope_id"] = envelopeId };
            var payload = envelope["payload"] as JsonObject;
            var accepted = true;
            switch (type)
            {
                case "events_api" when payload is not null:
                    accepted = inbox.AcceptEvent(payload);
                    break;
                case "interactive" when payload is not null:
                    accepted = inbox.AcceptInteraction(payload);
                    break;
                case "slash_commands" when payload is not null:
                    ack["payload"] = await app.AnswerCommandAsync(SlackCommand.From(name => SlackApp.Str(payload, name)), ct);
                    break;
            }
            // Not acknowledged when it could not be queued: Slack then delivers it again.
            if (!accepted) continue;
            await socket.SendAsync(Encoding.UTF8.GetBytes(ack.ToJsonString()), WebSocketMessageType.Text, true, ct);
        }
    }

    private static async Task<string?> ReadMessageAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (message.Length > 1024 * 1024) return null; // no envelope is this large
            if (result.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket)
    {
        try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "reconnecting", CancellationToken.None); }
        catch (WebSocketException) { }
    }
}
