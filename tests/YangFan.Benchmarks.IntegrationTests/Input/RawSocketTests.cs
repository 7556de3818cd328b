using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Input;

/// <summary>
/// Requests that the in-memory test server cannot carry (bytes HttpClient refuses to send), sent over a real socket
/// to the API on Kestrel.
/// </summary>
public sealed class RawSocketTests(ApiFixture fixture) : ApiTest(fixture), IAsyncLifetime
{
    private ApiFactory _kestrel = null!;
    private int _port;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await Fixture.ResetAsync();
        _kestrel = new ApiFactory(ApiFactory.PostgresSettings(Fixture.ConnectionString,
            Path.Combine(Path.GetTempPath(), $"yangfan-socket-{Guid.NewGuid():N}")));
        _kestrel.UseKestrel(0);
        _kestrel.StartServer();
        var address = _kestrel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _port = new Uri(address).Port;
    }

    async Task IAsyncLifetime.DisposeAsync() => await _kestrel.DisposeAsync();

    /// <summary>Sends the bytes as they are and returns the status line, the headers and the body.</summary>
    private async Task<(int Status, string Head, string Body)> SendAsync(byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _port);
        var stream = client.GetStream();
        await stream.WriteAsync(request);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return (int.Parse(text.Split(' ')[1]), text[..split], text[(split + 4)..]);
    }

    private static byte[] Get(string target, params byte[][] headers) =>
    [
        .. Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"),
        .. headers.SelectMany(h => h.Concat("\r\n"u8.ToArray())),
        .. "\r\n"u8,
    ];

    private static void AssertProblem((int Status, string Head, string Body) response, int status, string type)
    {
        Assert.True(response.Status == status, $"Expected {status} but got {response.Status}: {response.Head}\n{response.Body}");
        Assert.Contains("Content-Type: application/problem+json", response.Head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"\"type\":\"https://yangfan-benchmarks.cn/problems/{type}\"", response.Body);
    }

    // printf 'GET /api/sectors HTTP/1.1\r\nHost: x\r\nX-Note: \xff\r\nConnection: close\r\n\r\n' | nc localhost 8080
    [Fact]
    public async Task A_header_value_that_is_not_UTF8_is_a_400_problem_naming_the_header()
    {
        var response = await SendAsync(Get("/api/sectors", [.. "X-Note: caf"u8, 0xE9]));

        AssertProblem(response, 400, "validation");
        Assert.Contains("X-Note", response.Body);
    }

    [Fact]
    public async Task A_UTF8_header_value_is_still_read_as_UTF8()
    {
        var response = await SendAsync(Get("/api/sectors", [.. "X-Note: "u8, .. Encoding.UTF8.GetBytes("备注")]));

        Assert.Equal(200, response.Status);
    }

    // curl -i 'localhost:8080/api/calls%00'. Kestrel refuses the request line before the API runs and has no hook
    // to give that answer a body (docs/errors.md, "What Kestrel answers itself"); this keeps that statement true.
    [Fact]
    public async Task A_NUL_character_in_the_path_is_refused_by_Kestrel_itself_with_a_bodiless_400()
    {
        var response = await SendAsync(Get("/api/calls%00"));

        Assert.Equal(400, response.Status);
        Assert.Equal("", response.Body);
    }

    // curl "localhost:8080/api/calls?programme=$(head -c 9000 /dev/zero | tr '\0' a)"
    [Fact]
    public async Task A_request_line_over_8_KiB_is_a_414_problem()
    {
        AssertProblem(await SendAsync(Get("/api/calls?programme=" + new string('a', 9000))), 414, "uri-too-long");
    }

    // curl localhost:8080/api/sectors -H "X-Note: $(head -c 33000 /dev/zero | tr '\0' a)"
    [Fact]
    public async Task Request_headers_over_32_KiB_are_a_431_problem()
    {
        AssertProblem(await SendAsync(Get("/api/sectors", Encoding.ASCII.GetBytes("X-Note: " + new string('a', 33_000)))), 431, "headers-too-large");
    }
}
