using System.Diagnostics;
using System.Text;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>
/// The API started as an operating-system process of its own (<c>dotnet YangFan.Benchmarks.Api.dll</c>) on a free
/// port, configured through environment variables as a deployment configures it, and ready once
/// <c>/health/ready</c> answers 200. Disposing it kills it.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ApiProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>A client for this process; the handler (e.g. one sharing a cookie container with another process's client) when given.</summary>
    public HttpClient Client(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(120) };

    /// <summary>
    /// Starts <paramref name="dll"/> with <paramref name="settings"/> (configuration keys such as <c>Storage:Provider</c>;
    /// given as <c>Storage__Provider</c>) and waits until it is ready.
    /// </summary>
    public static async Task<ApiProcess> StartAsync(string dll, IReadOnlyDictionary<string, string?> settings, string environment = "Production")
    {
        var address = new Uri($"http://127.0.0.1:{PostgresServer.FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["ASPNETCORE_URLS"] = address.ToString();
        foreach (var (key, value) in settings)
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var api = new ApiProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the API."), address);
        api._process.OutputDataReceived += (_, line) => api.Note(line.Data);
        api._process.ErrorDataReceived += (_, line) => api.Note(line.Data);
        api._process.BeginOutputReadLine();
        api._process.BeginErrorReadLine();
        try
        {
            await api.WaitUntilReadyAsync();
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
        return api;
    }

    /// <summary>The production API as built next to these tests (its project is referenced, so it is built first).</summary>
    public static string BuiltApi()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot(), "src", "YangFan.Benchmarks.Api", "bin", configuration, "net10.0", "YangFan.Benchmarks.Api.dll");
        return File.Exists(dll) ? dll : throw new InvalidOperationException($"The API is not built at {dll}.");
    }

    /// <summary>The checkout the running binaries were built in.</summary>
    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "YangFan.Benchmarks.sln")))
            directory = directory.Parent;
        return directory?.FullName
            ?? throw new InvalidOperationException("Run from the repository (YangFan.Benchmarks.sln not found above the binaries).");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void Note(string? line)
    {
        lock (_output)
            _output.AppendLine(line);
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = Client();
        await WaitUntilReadyAsync(client, _process, Output);
    }

    /// <summary>
    /// Waits until the API in <paramref name="process"/> answers <c>/health/ready</c> with 200 (migrated, seeded, its
    /// stores reachable); fails when it exits first or is not ready within two minutes, with <paramref name="output"/>.
    /// </summary>
    public static async Task WaitUntilReadyAsync(HttpClient client, Process process, Func<string>? output = null)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"The API exited with code {process.ExitCode} before it was ready. {output?.Invoke()}");
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The API was not ready within two minutes. {output?.Invoke()}");
    }

    private string Output()
    {
        lock (_output)
            return _output.ToString();
    }
}
