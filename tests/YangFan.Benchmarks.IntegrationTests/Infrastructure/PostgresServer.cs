using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>
/// The PostgreSQL server the integration tests run against: the one named by <c>YANGFAN_TEST_POSTGRES</c>, or a
/// throw-away cluster started from the machine's server binaries on a free port and removed afterwards.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "YANGFAN_TEST_POSTGRES";

    private readonly string? _clusterDirectory;
    private readonly string? _binDirectory;
    private readonly bool _asPostgresUser;

    public string AdminConnectionString { get; }

    /// <summary>The server's log file when this is a throw-away cluster; null for a server named by <c>YANGFAN_TEST_POSTGRES</c>.</summary>
    public string? LogFile => _clusterDirectory is null ? null : Path.Combine(_clusterDirectory, "server.log");

    private PostgresServer(string adminConnectionString, string? clusterDirectory, string? binDirectory, bool asPostgresUser)
    {
        AdminConnectionString = adminConnectionString;
        _clusterDirectory = clusterDirectory;
        _binDirectory = binDirectory;
        _asPostgresUser = asPostgresUser;
    }

    public static async Task<PostgresServer> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
            return new PostgresServer(configured, null, null, false);
        return await StartThrowAwayAsync();
    }

    /// <summary>A cluster of its own, even when <c>YANGFAN_TEST_POSTGRES</c> names a server: for a test that stops it.</summary>
    public static async Task<PostgresServer> StartThrowAwayAsync()
    {
        var bin = FindServerBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found. Install the Debian package 'postgresql' " +
            $"(apt-get install -y postgresql) or set {EnvironmentVariable} to a connection string.");

        var asPostgresUser = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), $"yangfan-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (asPostgresUser)
            await RunAsync("chown", ["postgres:postgres", directory], asPostgresUser: false);

        var port = FreePort();
        await RunAsync(Path.Combine(bin, "initdb"),
            ["-D", Path.Combine(directory, "data"), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"], asPostgresUser);
        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false",
            directory, bin, asPostgresUser);
        await server.StartClusterAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    /// <summary>Stops a throw-away cluster as an outage would; its files stay, and <see cref="StartClusterAsync"/> brings it back.</summary>
    public Task StopClusterAsync() =>
        RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), ["-D", Path.Combine(_clusterDirectory!, "data"), "-m", "fast", "-w", "stop"], _asPostgresUser);

    /// <summary>Starts the throw-away cluster on its port.</summary>
    public Task StartClusterAsync() =>
        RunAsync(Path.Combine(_binDirectory!, "pg_ctl"),
        [
            "-D", Path.Combine(_clusterDirectory!, "data"), "-l", Path.Combine(_clusterDirectory!, "server.log"), "-w", "-t", "60",
            "-o", $"-p {new NpgsqlConnectionStringBuilder(AdminConnectionString).Port} -k {_clusterDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            "start",
        ], _asPostgresUser);

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true, MaxPoolSize = 50 }.ConnectionString;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    private int _stopped;

    private void Stop()
    {
        if (_clusterDirectory is null || Interlocked.Exchange(ref _stopped, 1) == 1)
            return;
        NpgsqlConnection.ClearAllPools();
        try
        {
            RunAsync(Path.Combine(_binDirectory!, "pg_ctl"), ["-D", Path.Combine(_clusterDirectory, "data"), "-m", "immediate", "-w", "stop"], _asPostgresUser)
                .GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // The cluster may already be gone; removing its files is what matters.
        }
        try { Directory.Delete(_clusterDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string? FindServerBinaries()
    {
        var candidates = new List<string>();
        if (Directory.Exists("/usr/lib/postgresql"))
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    /// <summary>A TCP port on the loopback interface that nothing listens on now (the load runs use it too).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgresUser)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgresUser ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
                start.ArgumentList.Add(a);
        }
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
