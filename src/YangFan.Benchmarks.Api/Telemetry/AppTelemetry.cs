using System.Diagnostics;
using System.Diagnostics.Metrics;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Telemetry;

/// <summary>
/// The API's own spans and metrics, all under one name (<see cref="Name"/>): what code records goes through the methods
/// here, so every instrument, its unit and its tags are listed in one file (docs/decisions/0045). Without a listener
/// (telemetry not configured) a span is never started and a measurement goes nowhere.
/// </summary>
public sealed class AppTelemetry
{
    /// <summary>The name of the API's activity source and meter.</summary>
    public const string Name = "YangFan.Benchmarks";

    /// <summary>The tag value for a trigger the workflow does not define: a client may ask for any string, a metric may not grow with it.</summary>
    public const string UnknownTrigger = "(unknown)";

    private readonly Counter<long> _transitionsFired;
    private readonly Counter<long> _transitionsRefused;
    private readonly Counter<long> _timersDue;
    private readonly Counter<long> _timersCompleted;
    private readonly Histogram<double> _timerLag;
    private readonly Counter<long> _assignmentRuns;
    private readonly Histogram<double> _assignmentDuration;

    public AppTelemetry(IMeterFactory meters, OutboxBacklog backlog)
    {
        var meter = meters.Create(Name);
        _transitionsFired = meter.CreateCounter<long>("yangfan.workflow.transitions.fired", "{transition}",
            "Transitions the workflow engine applied (automatic ones included), by workflow, version and trigger.");
        _transitionsRefused = meter.CreateCounter<long>("yangfan.workflow.transitions.refused", "{transition}",
            "Triggers the workflow engine refused, by workflow, version, trigger and reason.");
        _timersDue = meter.CreateCounter<long>("yangfan.workflow.timers.due", "{timer}",
            "Due workflow timers the dispatcher claimed.");
        _timersCompleted = meter.CreateCounter<long>("yangfan.workflow.timers.completed", "{timer}",
            "Claimed workflow timers by outcome: fired, skipped (refused, or the instance had moved on) or failed (an attempt threw).");
        _timerLag = meter.CreateHistogram<double>("yangfan.workflow.timers.lag", "s",
            "How late a due timer was claimed: the dispatcher's now minus the timer's due time.");
        _assignmentRuns = meter.CreateCounter<long>("yangfan.review.assignment.runs", "{run}",
            "Automatic assignment runs, by whether they were dry runs and how they ended.");
        _assignmentDuration = meter.CreateHistogram<double>("yangfan.review.assignment.duration", "s",
            "How long an automatic assignment run took.");
        meter.CreateObservableGauge("yangfan.mail.outbox.backlog", backlog.Observe, "{email}",
            "E-mails in the outbox not yet sent (pending, including those waiting out a backoff); counted at most every few seconds.");
    }

    /// <summary>The source of the API's own spans: Mediator messages and workflow transitions.</summary>
    public ActivitySource Source { get; } = new(Name);

    /// <summary>A span for a workflow trigger being fired; null when no one listens.</summary>
    public Activity? StartFire(string workflow, int version, string trigger)
    {
        var activity = Source.StartActivity("workflow.fire");
        activity?.SetTag("yangfan.workflow", workflow);
        activity?.SetTag("yangfan.workflow.version", version);
        activity?.SetTag("yangfan.trigger", trigger);
        return activity;
    }

    /// <summary>Counts a transition the engine applied.</summary>
    public void Fired(string workflow, int version, string trigger, string from, string to)
    {
        _transitionsFired.Add(1, Tags(workflow, version, trigger));
        // Only into a trace that is recorded: the request's activity exists (for the logs' trace ids) even when none is.
        if (Source.HasListeners())
            Activity.Current?.AddEvent(new ActivityEvent("workflow.transition", tags: new ActivityTagsCollection
            {
                ["yangfan.trigger"] = trigger, ["yangfan.state.from"] = from, ["yangfan.state.to"] = to,
            }));
    }

    /// <summary>
    /// Counts a refusal. <paramref name="knownTrigger"/> says whether the workflow defines the trigger; one it does not is
    /// counted as <see cref="UnknownTrigger"/>, so no request can add a series.
    /// </summary>
    public void Refused(string workflow, int version, TransitionRefusal refusal, bool knownTrigger)
    {
        var tags = Tags(workflow, version, knownTrigger ? refusal.Trigger : UnknownTrigger);
        tags.Add("reason", Reason(refusal.Kind));
        _transitionsRefused.Add(1, tags);
        if (Source.HasListeners())
            Activity.Current?.SetTag("yangfan.refused", Reason(refusal.Kind));
    }

    /// <summary>Whether a compiled workflow defines the trigger (a tag may carry it).</summary>
    public static bool Defines(CompiledWorkflow workflow, string trigger) => workflow.Transitions.Any(t => t.Trigger == trigger);

    /// <summary>A due timer claimed, <paramref name="lag"/> after it fell due.</summary>
    public void TimerDue(TimeSpan lag)
    {
        _timersDue.Add(1);
        _timerLag.Record(Math.Max(0, lag.TotalSeconds));
    }

    /// <summary>What became of a claimed timer: fired, skipped or failed.</summary>
    public void TimerCompleted(string outcome) => _timersCompleted.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>An automatic assignment run and how long it took; <paramref name="outcome"/> is applied, planned (dry run) or refused.</summary>
    public void AssignmentRun(bool dryRun, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "dry_run", dryRun }, { "outcome", outcome } };
        _assignmentRuns.Add(1, tags);
        _assignmentDuration.Record(duration.TotalSeconds, tags);
    }

    private static TagList Tags(string workflow, int version, string trigger) =>
        new() { { "workflow", workflow }, { "workflow.version", version }, { "trigger", trigger } };

    private static string Reason(RefusalKind kind) => kind switch
    {
        RefusalKind.DedicatedEndpoint => "dedicated-endpoint",
        RefusalKind.NotAvailable => "not-available",
        RefusalKind.RoleNotAllowed => "role-not-allowed",
        RefusalKind.CommentRequired => "comment-required",
        RefusalKind.GuardsUnmet => "guards-unmet",
        _ => "ambiguous",
    };
}
