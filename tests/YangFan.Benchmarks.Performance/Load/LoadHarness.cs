using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// What every load run shares: a PostgreSQL server (a throw-away cluster, or the one <c>--postgres</c> names), the
/// load host started as its own process against a fresh database, a client for it, and CPU and memory read from
/// <c>/proc</c>. Each run (<see cref="LoadRun"/> and the others) seeds what it needs and drives its own scenarios.
/// </summary>
public sealed class LoadHarness : IAsyncDisposable
{
    private readonly PostgresServer _server;
    private readonly DirectoryInfo _data;
    private PosixSignalRegistration[] _signals = [];
    private int _disposed;

    private LoadHarness(PostgresServer server, string connectionString, Process process, HttpClient client, DirectoryInfo data)
    {
        _server = server;
        ConnectionString = connectionString;
        Process = process;
        Client = client;
        _data = data;
    }

    public string ConnectionString { get; }

    /// <summary>The PostgreSQL server the run uses.</summary>
    public PostgresServer Server => _server;

    public Process Process { get; }

    /// <summary>A client for the API, with at most <c>connections</c> connections open to it.</summary>
    public HttpClient Client { get; }

    /// <summary>CPU seconds spent so far by the API process and by every PostgreSQL process.</summary>
    public (double Api, double Database) Cpu() => (CpuSeconds(Process.Id), PostgresCpuSeconds());

    /// <param name="api">The API to start (a published <c>YangFan.Benchmarks.Api.dll</c>); the load host when not given.</param>
    public static async Task<LoadHarness> StartAsync(string? postgres, int connections, IReadOnlyDictionary<string, string>? settings = null,
        string? api = null)
    {
        api ??= FindApi();
        Log($"API: {api}");
        if (postgres is not null)
            Environment.SetEnvironmentVariable(PostgresServer.EnvironmentVariable, postgres);
        var server = await PostgresServer.StartAsync();
        var connectionString = await server.CreateDatabaseAsync($"yangfan_load_{DateTime.UtcNow:yyyyMMddHHmmss}");
        var baseAddress = new Uri($"http://127.0.0.1:{PostgresServer.FreePort()}");
        var data = Directory.CreateTempSubdirectory("yangfan-load-");
        var process = StartApi(api, baseAddress, connectionString, data.FullName, settings);
        var client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
        }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
        var harness = new LoadHarness(server, connectionString, process, client, data);
        harness.StopOnSignals();
        try
        {
            await ApiProcess.WaitUntilReadyAsync(client, process);
        }
        catch
        {
            await harness.DisposeAsync();
            throw;
        }
        Log("API ready (migrated, reference data seeded)");
        return harness;
    }

    /// <summary>
    /// A run stopped by SIGTERM, SIGINT (Ctrl-C) or SIGQUIT stops the API and its PostgreSQL cluster first (the
    /// cluster runs detached and would otherwise outlive the run, holding its port, its files and the measurement
    /// lock of whoever waits on it), then ends as the signal would have.
    /// </summary>
    private void StopOnSignals() =>
        _signals = [.. new[] { (PosixSignal.SIGTERM, 15), (PosixSignal.SIGINT, 2), (PosixSignal.SIGQUIT, 3) }.Select(signal =>
            PosixSignalRegistration.Create(signal.Item1, context =>
            {
                Signalled = true;
                Log($"{context.Signal}: stopping the API and the PostgreSQL cluster");
                DisposeAsync().AsTask().GetAwaiter().GetResult();
                SignalStop.TrySetResult(128 + signal.Item2);
            }))];

    private static readonly TaskCompletionSource<int> SignalStop = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Whether a signal is stopping the run: whatever the run was doing then fails as its server goes away, and that
    /// failure is the signal's, not the run's.
    /// </summary>
    public static bool Signalled { get; private set; }

    /// <summary>The exit code of a run a signal stopped (128 + the signal's number), once the API and cluster are stopped.</summary>
    public static Task<int> StoppedBySignal => SignalStop.Task;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        foreach (var signal in _signals)
            signal.Dispose();
        Client.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }
        Process.Dispose();
        try { _data.Delete(recursive: true); } catch (IOException) { }
        await _server.DisposeAsync();
    }

    public static void Log(string message) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");

    private static Process StartApi(string dll, Uri address, string connectionString, string dataDirectory, IReadOnlyDictionary<string, string>? settings)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = address.ToString(),
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = connectionString,
            ["Database__DataDirectory"] = dataDirectory,
            ["Auth__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the API.");
    }

    /// <summary>
    /// The load host (the API with the floor endpoints) as built in this configuration (Release under
    /// <c>dotnet run -c Release</c>): its project is referenced, so it is built first.
    /// </summary>
    private static string FindApi()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot(), "tests", "YangFan.Benchmarks.LoadHost", "bin", configuration, "net10.0", "YangFan.Benchmarks.LoadHost.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The load host is not built at {dll}.");
    }

    /// <summary>Whether the API (the load host) runs the server GC, as its runtimeconfig.json says.</summary>
    public static bool ApiUsesServerGc()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(FindApi(), ".runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
            && properties.TryGetProperty("System.GC.Server", out var server) && server.GetBoolean();
    }

    /// <summary>The repository the run's binaries were built in.</summary>
    public static string RepositoryRoot() => ApiProcess.RepositoryRoot();

    public static double? PeakWorkingSetMegabytes(Process process)
    {
        var status = $"/proc/{process.Id}/status";
        if (!File.Exists(status))
            return null;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>User + system CPU time of a process so far, from /proc (0 where there is no /proc).</summary>
    public static double CpuSeconds(int pid) =>
        Stat(pid) is { } fields
            ? (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0
            : 0;

    /// <summary>The processes whose parent is <paramref name="parent"/>, from /proc.</summary>
    public static IEnumerable<int> Children(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(directory => int.TryParse(Path.GetFileName(directory), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Stat(pid)?[1] == parent.ToString(CultureInfo.InvariantCulture));

    /// <summary>
    /// The fields of /proc/PID/stat after the command name, or null if the process is gone: [0] state, [1] parent,
    /// [11] utime, [12] stime, [13] cutime, [14] cstime (clock ticks).
    /// </summary>
    public static string[]? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>CPU time of every PostgreSQL server process on the machine (the load run's cluster, unless another runs).</summary>
    public static double PostgresCpuSeconds()
    {
        if (!Directory.Exists("/proc"))
            return 0;
        var total = 0.0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == "postgres")
                    total += CpuSeconds(pid);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return total;
    }
}
