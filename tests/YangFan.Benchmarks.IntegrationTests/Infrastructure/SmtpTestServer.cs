using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;
using netDumbster.smtp;
using YangFan.Benchmarks.Api.Mail;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>
/// A real SMTP server in process (netDumbster) on a free loopback port; a test class takes one as its class fixture.
/// It can also stand for an outage: made without starting, its port has nothing listening until <see cref="Start"/>.
/// </summary>
public sealed class SmtpTestServer : IDisposable
{
    private SimpleSmtpServer? _server;

    /// <summary>A server listening from now on.</summary>
    public SmtpTestServer()
    {
        Port = FreePort();
        Start();
    }

    private SmtpTestServer(int port) => Port = port;

    /// <summary>A free port with nothing listening on it yet: a mail server that is down until <see cref="Start"/>.</summary>
    public static SmtpTestServer Down() => new(FreePort());

    public int Port { get; }

    /// <summary>How the API reaches it: plain SMTP on loopback (the settings an operator would give).</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = nameof(SmtpSecurity.None),
        ["Mail:Smtp:TimeoutSeconds"] = "10",
    };

    public SmtpOptions Options => new() { Host = "127.0.0.1", Port = Port, Security = SmtpSecurity.None, TimeoutSeconds = 10 };

    public void Start() => _server ??= SimpleSmtpServer.Start(Port);

    /// <summary>Every message the server accepted, parsed back from what came over the wire.</summary>
    public IReadOnlyList<MimeMessage> Received =>
        _server?.ReceivedEmail.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m.Data)))).ToList() ?? [];

    /// <summary>Forgets what was received, for the next test of the class.</summary>
    public void Clear() => _server?.ClearReceivedEmail();

    public void Dispose()
    {
        _server?.Stop();
        _server?.Dispose();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
