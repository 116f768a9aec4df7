using System.Net.Sockets;
using RoleBot.Server.Tests.EndToEnd;

namespace RoleBot.Server.Tests.SharedState;

/// <summary>
/// A real redis-server (Debian's, installed by tests/e2e-setup.sh) on a free loopback port, with
/// nothing persisted: started, stopped and started again on the same port, as an outage would.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private ChildProcess? _process;
    public int Port { get; } = EndToEndEnvironment.FreePort();
    public string Configuration => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var redis = new RedisServer();
        await redis.StartAgainAsync();
        return redis;
    }

    public async Task StartAgainAsync()
    {
        var binary = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
                     ?? throw new InvalidOperationException("redis-server is not installed: run tests/e2e-setup.sh (or bash tests/run.sh) first.");
        _process = ChildProcess.Start("redis-server", binary,
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
            EndToEndEnvironment.ArtifactsDir, new Dictionary<string, string?>(), Path.Combine(EndToEndEnvironment.ArtifactsDir, $"redis-{Port}.log"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) { await Task.Delay(50); }
        }
        throw new TimeoutException($"redis-server did not listen on {Port}.\n{_process.Describe()}");
    }

    public async Task StopAsync()
    {
        if (_process is not null) await _process.StopAsync();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
