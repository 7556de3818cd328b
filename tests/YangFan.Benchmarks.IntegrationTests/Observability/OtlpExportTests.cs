using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Observability;

/// <summary>
/// OTLP export by configuration alone: with <c>Telemetry:Otlp:Endpoint</c> set, the API posts its traces and metrics
/// to the collector. A listener on a free port stands in for the collector and keeps what arrives.
/// </summary>
public sealed class OtlpExportTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task Traces_and_metrics_go_to_the_configured_collector_over_OTLP()
    {
        using var collector = new Collector();
        var host = Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Telemetry:Otlp:Endpoint", collector.Address);
            b.UseSetting("Telemetry:Otlp:Protocol", "HttpProtobuf");
            b.UseSetting("Telemetry:ServiceInstanceId", "replica-under-test");
        });
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync("/api/programmes")).StatusCode);

        // Both exporters would otherwise wait for their next interval.
        Assert.True(host.Services.GetRequiredService<TracerProvider>().ForceFlush(30_000), "The traces were not exported.");
        Assert.True(host.Services.GetRequiredService<MeterProvider>().ForceFlush(30_000), "The metrics were not exported.");
        await host.DisposeAsync();

        var traces = collector.Received("/v1/traces");
        Assert.Contains("replica-under-test", traces);   // the resource: which replica sent it
        Assert.Contains("/api/programmes", traces);      // the HTTP server span
        Assert.Contains("SELECT", traces);               // an Npgsql span with its SQL
        var metrics = collector.Received("/v1/metrics");
        Assert.Contains("http.server.request.duration", metrics);
        Assert.Contains("replica-under-test", metrics);
    }

    /// <summary>An HTTP listener that answers every POST with 200 and keeps the bodies by path.</summary>
    private sealed class Collector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _bodies = new();

        public Collector()
        {
            Address = $"http://127.0.0.1:{PostgresServer.FreePort()}/";
            _listener.Prefixes.Add(Address);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Address { get; }

        /// <summary>Everything posted to <paramref name="path"/>, read as text (protobuf keeps strings as UTF-8).</summary>
        public string Received(string path)
        {
            Assert.True(_bodies.TryGetValue(path, out var bodies), $"Nothing was posted to {path}; paths seen: {string.Join(", ", _bodies.Keys)}.");
            return string.Concat(bodies.Select(b => Encoding.UTF8.GetString(b)));
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _bodies.GetOrAdd(context.Request.Url!.AbsolutePath, _ => new()).Enqueue(body.ToArray());
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
