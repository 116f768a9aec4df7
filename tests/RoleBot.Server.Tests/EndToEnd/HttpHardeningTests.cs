using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RoleBot.Server.Tests.EndToEnd;

/// <summary>
/// What the real server (Kestrel on 127.0.0.1) sends on every response and does with bytes that no
/// well-behaved client sends: the checks a security scanner or a broken proxy would make.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HttpHardeningTests(RoleBotServerFixture fixture)
{
    private Uri Base => fixture.Server.BaseAddress;

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/healthz")]
    [InlineData("POST", "/api/messages")]
    public async Task Every_response_carries_the_security_headers_and_does_not_name_the_server(string method, string path)
    {
        using var client = new HttpClient { BaseAddress = Base };
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = new StringContent("{not json", Encoding.UTF8, "application/json");

        using var response = await client.SendAsync(request);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_probes_answer_HEAD(string path)
    {
        using var client = new HttpClient { BaseAddress = Base };
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/messages")]
    [InlineData("/slack/events")]
    public async Task A_chunked_body_whose_chunk_size_overflows_is_a_400_never_a_500(string path)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Base.Host, Base.Port);
        var stream = tcp.GetStream();
        var request = $"POST {path} HTTP/1.1\r\nHost: {Base.Host}:{Base.Port}\r\nContent-Type: application/json\r\n" +
                      "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.NotNull(status);
        Assert.Matches(@"^HTTP/1\.1 4\d\d ", status);
        Assert.DoesNotContain("   at ", rest); // no stack trace in the body
    }
}
