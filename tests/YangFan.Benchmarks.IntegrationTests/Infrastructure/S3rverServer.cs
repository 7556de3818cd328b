using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>
/// An S3-compatible server for the file-store tests: the npm package s3rver (tests/s3rver, docs/decisions/0043) run by
/// node on a free port over a temporary folder, with one bucket. When its node_modules are missing (a fresh checkout),
/// <c>npm ci</c> installs them first from the committed lock file.
/// </summary>
public sealed class S3rverServer : IAsyncLifetime
{
    public const string Bucket = "yangfan-tests";

    // s3rver accepts these and only these credentials.
    private const string Key = "S3RVER";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"yangfan-s3rver-{Guid.NewGuid():N}");
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string ServiceUrl { get; private set; } = null!;

    /// <summary>Options for a store in this server's bucket, under a prefix of its own when given.</summary>
    public S3StorageOptions Options(string? keyPrefix = null) => new()
    {
        ServiceUrl = ServiceUrl, Bucket = Bucket, AccessKey = Key, SecretKey = Key, ForcePathStyle = true, KeyPrefix = keyPrefix,
    };

    /// <summary>The same options as an operator would give them, for an API host (environment variables use <c>__</c>).</summary>
    public Dictionary<string, string?> Settings(string keyPrefix) => new()
    {
        ["Storage:Provider"] = "S3",
        ["Storage:S3:ServiceUrl"] = ServiceUrl,
        ["Storage:S3:Bucket"] = Bucket,
        ["Storage:S3:AccessKey"] = Key,
        ["Storage:S3:SecretKey"] = Key,
        ["Storage:S3:ForcePathStyle"] = "true",
        ["Storage:S3:KeyPrefix"] = keyPrefix,
    };

    public async Task InitializeAsync()
    {
        var package = Path.Combine(ApiProcess.RepositoryRoot(), "tests", "s3rver");
        var script = Path.Combine(package, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            await RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", package]);
        Directory.CreateDirectory(_directory);
        var port = PostgresServer.FreePort();
        ServiceUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, "--directory", _directory, "--address", "127.0.0.1", "--port", $"{port}", "--silent",
                     "--configure-bucket", Bucket })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        _process.OutputDataReceived += (_, line) => { lock (_output) _output.AppendLine(line.Data); };
        _process.ErrorDataReceived += (_, line) => { lock (_output) _output.AppendLine(line.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilListeningAsync(port);
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process!.HasExited)
                throw new InvalidOperationException($"s3rver exited with code {_process.ExitCode}: {Output()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"s3rver did not listen on port {port} within a minute: {Output()}");
    }

    private string Output()
    {
        lock (_output)
            return _output.ToString();
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
    }
}
