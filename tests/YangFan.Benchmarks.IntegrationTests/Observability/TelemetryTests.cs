using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using YangFan.Benchmarks.Api.Telemetry;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Observability;

/// <summary>
/// The API's telemetry as an operator sees it: the Prometheus scrape endpoint where it is turned on, and a request's
/// trace from HTTP through its use case to the database, under the trace id its problem response and its logs show.
/// </summary>
public sealed partial class TelemetryTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Fired = "yangfan_workflow_transitions_fired_total";
    private const string Refused = "yangfan_workflow_transitions_refused_total";

    [Fact]
    public async Task The_metrics_endpoint_shows_transitions_fired_and_refused_by_workflow_and_trigger()
    {
        await using var host = Factory.WithWebHostBuilder(Scrapable);
        var admin = await Calls.SignedInAsync(host, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var s = await WorkflowScenario.CreateAsync(host, admin);
        var workflow = await ScalarAsync<string>($"SELECT \"WorkflowKey\" FROM \"Applications\" WHERE \"Id\" = '{s.ApplicationId}'");
        var version = await ScalarAsync<int>($"SELECT \"WorkflowVersion\" FROM \"Applications\" WHERE \"Id\" = '{s.ApplicationId}'");
        var scraper = host.CreateClient();
        var submit = new Dictionary<string, string> { ["workflow"] = workflow!, ["workflow_version"] = version.ToString(CultureInfo.InvariantCulture), ["trigger"] = "submit" };
        var before = await ScrapeAsync(scraper);

        await s.MoveAsync(s.Applicant, "submit");
        await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "submit"), 409, "transition-not-available");
        await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "submit"), 409, "transition-not-available");
        await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "no-such-trigger"), 409, "transition-not-available");
        var after = await ScrapeAsync(scraper);

        Assert.Equal(1, Sum(after, Fired, submit) - Sum(before, Fired, submit));
        Assert.Equal(2, Sum(after, Refused, With(submit, "reason", "not-available")) - Sum(before, Refused, With(submit, "reason", "not-available")));
        // A trigger the workflow does not define is counted under one label value, so requests cannot add series.
        var unknown = With(submit, "trigger", AppTelemetry.UnknownTrigger);
        Assert.Equal(1, Sum(after, Refused, unknown) - Sum(before, Refused, unknown));
        Assert.DoesNotContain(after, m => m.Labels.ContainsValue("no-such-trigger"));
        // The requests themselves, by ASP.NET Core's own meter.
        Assert.Contains(after, m => m.Name == "http_server_request_duration_seconds_count");
    }

    [Fact]
    public async Task The_metrics_endpoint_shows_timers_due_and_fired_and_how_late_the_dispatcher_claimed_them()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        await s.MoveAsync(s.Applicant, "submit"); // its recommendation-lapsed timer falls due 60 days from now
        await using var later = ApiFactory.Later(Fixture.ConnectionString, 61).WithWebHostBuilder(Scrapable);
        var scraper = later.CreateClient();
        var before = await ScrapeAsync(scraper);

        var fired = await later.Services.GetRequiredService<YangFan.Benchmarks.Api.WorkflowHost.TimerDispatcher>().DispatchDueAsync(CancellationToken.None);
        var after = await ScrapeAsync(scraper);

        double Moved(string name, Dictionary<string, string>? labels = null) => Sum(after, name, labels ?? []) - Sum(before, name, labels ?? []);
        var due = Moved("yangfan_workflow_timers_due_total");
        Assert.True(fired >= 1, "The application's timer (and perhaps its call's) was due.");
        Assert.Equal(fired, Moved("yangfan_workflow_timers_completed_total", new() { ["outcome"] = "fired" }));
        Assert.Equal(due, Moved("yangfan_workflow_timers_completed_total"));
        Assert.Equal(due, Moved("yangfan_workflow_timers_lag_seconds_count"));
        // Each was claimed at least a day after it fell due (by the clock of the process that claimed it).
        Assert.True(Moved("yangfan_workflow_timers_lag_seconds_sum") >= due * TimeSpan.FromDays(1).TotalSeconds - 60);
    }

    [Fact]
    public async Task The_metrics_endpoint_shows_the_outbox_backlog()
    {
        var admin = await AsAdminAsync();
        await WorkflowScenario.CreateAsync(Factory, admin); // registration and verification write e-mails; no sender runs in tests
        var pending = await ScalarAsync<long>("SELECT count(*) FROM \"OutgoingEmails\" WHERE \"Status\" = 'Pending'");
        Assert.True(pending > 0);
        await using var host = Factory.WithWebHostBuilder(Scrapable);
        var scraper = host.CreateClient();

        // The first collection starts the count in the background; a later one reports it.
        IReadOnlyList<Sample> samples = [];
        for (var scrape = 0; scrape < 100 && !samples.Any(m => m.Name == "yangfan_mail_outbox_backlog"); scrape++)
        {
            samples = await ScrapeAsync(scraper);
            await Task.Delay(100);
        }

        Assert.Equal(pending, Assert.Single(samples, m => m.Name == "yangfan_mail_outbox_backlog").Value);
    }

    [Fact]
    public async Task The_metrics_endpoint_counts_automatic_assignment_runs_by_outcome_and_times_them()
    {
        await using var host = Factory.WithWebHostBuilder(Scrapable);
        var admin = await Calls.SignedInAsync(host, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var callId = await WorkflowBuilder.OpenCallAsync(admin);
        var scraper = host.CreateClient();
        var before = await ScrapeAsync(scraper);

        await Expect.StatusAsync(await admin.PostAsJsonAsync($"/api/calls/{callId}/assignments/auto", new { dryRun = true }), HttpStatusCode.OK);
        await Expect.ProblemAsync(await admin.PostAsJsonAsync($"/api/calls/{Guid.NewGuid()}/assignments/auto", new { dryRun = false }), 404, "not-found");
        var after = await ScrapeAsync(scraper);

        double Moved(string name, Dictionary<string, string> labels) => Sum(after, name, labels) - Sum(before, name, labels);
        Assert.Equal(1, Moved("yangfan_review_assignment_runs_total", new() { ["dry_run"] = "true", ["outcome"] = "planned" }));
        Assert.Equal(1, Moved("yangfan_review_assignment_runs_total", new() { ["dry_run"] = "false", ["outcome"] = "refused" }));
        Assert.Equal(2, Moved("yangfan_review_assignment_duration_seconds_count", []));
    }

    [Fact]
    public async Task The_metrics_endpoint_is_not_served_unless_it_is_enabled()
    {
        var response = await Anonymous().GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_refused_transition_is_traced_from_the_request_through_its_use_case_to_the_database_under_the_trace_id_its_problem_and_logs_show()
    {
        var spans = new ConcurrentQueue<Activity>();
        var logs = new LogCapture();
        await using var host = Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Telemetry:Traces:Enabled", "true");
            b.UseSetting("Logging:LogLevel:YangFan.Benchmarks.Api.Infrastructure", "Information");
            b.ConfigureServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(new Collect(spans))));
            b.ConfigureLogging(l => l.AddProvider(logs));
        });
        var admin = await Calls.SignedInAsync(host, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var s = await WorkflowScenario.CreateAsync(host, admin);
        await s.MoveAsync(s.Applicant, "submit");

        var problem = await Expect.ProblemAsync(await s.FireAsync(s.Applicant, "recommend", comment: "我推荐自己"), 403, "forbidden");

        // W3C trace context: 00-<trace id>-<span id>-<flags>.
        var traceId = problem.GetProperty("traceId").GetString()!.Split('-')[1];
        var request = await SpanAsync(spans, a => a.TraceId.ToHexString() == traceId && a.Kind == ActivityKind.Server);
        var trace = spans.Where(a => a.TraceId.ToHexString() == traceId).ToList();
        var useCase = Assert.Single(trace, a => a.Source.Name == AppTelemetry.Name && a.ParentSpanId == request.SpanId);
        Assert.Equal("FireTransition", useCase.DisplayName);
        Assert.Equal("command", useCase.GetTagItem("yangfan.message.kind"));
        var fire = Assert.Single(trace, a => a.DisplayName == "workflow.fire");
        Assert.Equal("recommend", fire.GetTagItem("yangfan.trigger"));
        Assert.Equal("role-not-allowed", fire.GetTagItem("yangfan.refused"));
        Assert.True(Descends(fire, useCase, trace));
        Assert.Contains(trace, a => a.Source.Name == "Npgsql" && Descends(a, useCase, trace));
        // The use case's log line carries the same trace id, through the logging scope.
        Assert.Contains(logs.Entries, e => e.Message.StartsWith("FireTransition failed", StringComparison.Ordinal)
            && e.Scope.Any(v => v.Key == "TraceId" && v.Value?.ToString() == traceId));
    }

    /// <summary>The scrape endpoint on, and every scrape collected afresh (the exporter otherwise answers a burst of scrapes from one collection).</summary>
    private static void Scrapable(IWebHostBuilder builder)
    {
        builder.UseSetting("Telemetry:Prometheus:Enabled", "true");
        builder.ConfigureServices(s => s.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
    }

    /// <summary>Whether <paramref name="span"/> sits under <paramref name="ancestor"/> in the trace.</summary>
    private static bool Descends(Activity span, Activity ancestor, IReadOnlyList<Activity> trace)
    {
        for (var parent = span.ParentSpanId; parent != default; parent = trace.FirstOrDefault(a => a.SpanId == parent)?.ParentSpanId ?? default)
            if (parent == ancestor.SpanId)
                return true;
        return false;
    }

    /// <summary>The span once it has ended: the server's span ends after the response reaches the client.</summary>
    private static async Task<Activity> SpanAsync(ConcurrentQueue<Activity> spans, Func<Activity, bool> match)
    {
        for (var waited = 0; waited < 200; waited++)
        {
            if (spans.FirstOrDefault(match) is { } span)
                return span;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("The span never ended.");
    }

    private sealed class Collect(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }

    private sealed record Sample(string Name, Dictionary<string, string> Labels, double Value);

    private static async Task<IReadOnlyList<Sample>> ScrapeAsync(HttpClient client)
    {
        var response = await client.GetAsync("/metrics");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var samples = new List<Sample>();
        foreach (var line in (await response.Content.ReadAsStringAsync()).Split('\n'))
        {
            if (SampleLine().Match(line) is not { Success: true } m)
                continue;
            var labels = LabelPair().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value);
            samples.Add(new Sample(m.Groups["name"].Value, labels, double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
        return samples;
    }

    /// <summary>The sum of a metric's series that carry all the given labels (no series yet: nothing counted, 0).</summary>
    private static double Sum(IReadOnlyList<Sample> samples, string name, IReadOnlyDictionary<string, string> labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Sum(s => s.Value);

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> labels, string key, string value) =>
        new(labels) { [key] = value };

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)""")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
