using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP relay in front of PostgreSQL that records every statement the server receives from the connections made
/// through it, read from the frontend protocol itself: each <c>Execute</c> of the extended protocol and each simple
/// <c>Query</c>, with its SQL. So it sees what EF Core's interceptors cannot: the <c>BEGIN</c> and the session reset
/// (<c>DISCARD ALL</c>) Npgsql prepends to a command, and each statement of a batch. Connections must not use TLS.
/// </summary>
public sealed class StatementRecorder : IAsyncDisposable
{
    private const int SslRequest = 80877103;
    private const int GssEncryptionRequest = 80877104;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _relays = [];
    private volatile bool _recording;

    private StatementRecorder(IPEndPoint server) => _server = server;

    /// <summary>The statements received while recording, in the order they arrived (per connection).</summary>
    public ConcurrentQueue<string> Statements { get; } = new();

    /// <summary>A connection string like <paramref name="connectionString"/> whose connections go through this relay, without TLS.</summary>
    public string ConnectionString { get; private set; } = "";

    public static StatementRecorder Start(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        var address = Dns.GetHostAddresses(target.Host!).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        var recorder = new StatementRecorder(new IPEndPoint(address, target.Port));
        recorder._listener.Start();
        recorder.ConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)recorder._listener.LocalEndpoint).Port,
            SslMode = SslMode.Disable,
            GssEncryptionMode = GssEncryptionMode.Disable,
        }.ConnectionString;
        recorder._relays.Add(recorder.AcceptAsync());
        return recorder;
    }

    /// <summary>
    /// A host like <paramref name="factory"/> whose connections go through this relay, without the API's background
    /// services (their statements would mix with the request's).
    /// </summary>
    public WebApplicationFactory<Program> Host(WebApplicationFactory<Program> factory) => factory.WithWebHostBuilder(b =>
    {
        b.UseSetting("ConnectionStrings:Postgres", ConnectionString);
        b.ConfigureServices(services =>
        {
            foreach (var background in services.Where(d => d.ServiceType == typeof(IHostedService)
                         && d.ImplementationType?.Assembly == typeof(Program).Assembly).ToList())
                services.Remove(background);
        });
    });

    /// <summary>Records the statements sent from now until the returned scope is disposed.</summary>
    public IDisposable Record()
    {
        Statements.Clear();
        _recording = true;
        return new Stop(this);
    }

    private sealed class Stop(StatementRecorder recorder) : IDisposable
    {
        public void Dispose() => recorder._recording = false;
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            _relays.Add(RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_server, _stop.Token);
            var toClient = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            var toServer = ReadFrontendAsync(client.GetStream(), server.GetStream());
            await Task.WhenAny(toClient, toServer);
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
            // A connection closed by either side.
        }
    }

    /// <summary>Forwards the client's messages one by one, recording each statement before it is passed on.</summary>
    private async Task ReadFrontendAsync(NetworkStream client, NetworkStream server)
    {
        var head = new byte[8];
        // Untyped messages first: an encryption request, answered by one byte, then the startup message.
        while (true)
        {
            if (!await ReadExactlyAsync(client, head.AsMemory(0, 8)))
                return;
            var length = BinaryPrimitives.ReadInt32BigEndian(head);
            var code = BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(4));
            var body = new byte[length - 8];
            if (!await ReadExactlyAsync(client, body))
                return;
            await server.WriteAsync(head.AsMemory(0, 8), _stop.Token);
            await server.WriteAsync(body, _stop.Token);
            if (code is not (SslRequest or GssEncryptionRequest))
                break;
        }
        var statements = new Dictionary<string, string>();
        var portals = new Dictionary<string, string>();
        while (true)
        {
            if (!await ReadExactlyAsync(client, head.AsMemory(0, 5)))
                return;
            var type = (char)head[0];
            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(head.AsSpan(1)) - 4];
            if (!await ReadExactlyAsync(client, body))
                return;
            switch (type)
            {
                case 'P':
                {
                    var name = CString(body, 0, out var next);
                    statements[name] = CString(body, next, out _);
                    break;
                }
                case 'B':
                {
                    var portal = CString(body, 0, out var next);
                    portals[portal] = CString(body, next, out _);
                    break;
                }
                case 'E' when _recording:
                    var sql = portals.TryGetValue(CString(body, 0, out _), out var statement) ? statements.GetValueOrDefault(statement, "?") : "?";
                    Statements.Enqueue(sql);
                    break;
                case 'Q' when _recording:
                    Statements.Enqueue(CString(body, 0, out _));
                    break;
            }
            await server.WriteAsync(head.AsMemory(0, 5), _stop.Token);
            await server.WriteAsync(body, _stop.Token);
        }
    }

    private static string CString(byte[] buffer, int start, out int next)
    {
        var end = Array.IndexOf(buffer, (byte)0, start);
        next = end + 1;
        return Encoding.UTF8.GetString(buffer, start, end - start);
    }

    private async Task<bool> ReadExactlyAsync(NetworkStream stream, Memory<byte> buffer)
    {
        try
        {
            await stream.ReadExactlyAsync(buffer, _stop.Token);
            return true;
        }
        catch (EndOfStreamException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        using (var connection = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(connection);
        try
        {
            await Task.WhenAll(_relays).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Relays end with their connections; a late one is abandoned.
        }
        _stop.Dispose();
    }
}
