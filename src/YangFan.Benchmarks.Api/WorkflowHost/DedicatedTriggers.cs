namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// A trigger that only one endpoint fires, because that endpoint does the bookkeeping the transition alone does
/// not: it opens the public notice, writes a directory version, or resolves the objection (ADR 0011).
/// </summary>
/// <param name="Trigger">The trigger's name in the workflow definitions.</param>
/// <param name="Endpoint">The endpoint that fires it, as docs/endpoints.md writes it.</param>
/// <param name="Does">What that endpoint does besides firing the trigger, completing "which …".</param>
public sealed record DedicatedTrigger(string Trigger, string Endpoint, string Does)
{
    /// <summary>The explanation given to callers and definition authors.</summary>
    public string Description => $"Fired only by {Endpoint}, which {Does}.";
}

/// <summary>
/// The triggers the host fires only from their own endpoints. <see cref="WorkflowRuntime.FireAsync"/> refuses them
/// with 409 <c>dedicated-endpoint</c>, so neither <c>POST /api/applications/{id}/transitions</c> nor a timer can
/// fire them; their handlers use <see cref="WorkflowRuntime.FireDedicatedAsync"/>. The catalog registers them, so
/// no definition can make them automatic or a timer's trigger.
/// </summary>
public static class DedicatedTriggers
{
    public static readonly DedicatedTrigger Release = new("release", "POST /api/calls/{id}/decisions/release",
        "releases every staged decision of the call at once and opens the public notice for the shortlisted ones");

    public static readonly DedicatedTrigger Publish = new("publish", "POST /api/calls/{id}/directory",
        "publishes the call's approved applications as a new directory version");

    public static readonly DedicatedTrigger Revoke = new("revoke", "POST /api/directory-entries/{id}/revoke",
        "publishes a new directory version with the entry revoked");

    public static readonly DedicatedTrigger SustainObjection = new("sustain-objection", "POST /api/objections/{id}/resolve",
        "fires it when an administrator sustains an open objection to the entry, and records that resolution");

    public static readonly IReadOnlyList<DedicatedTrigger> All = [Release, Publish, Revoke, SustainObjection];

    /// <summary>The dedicated trigger of that name, or null for a trigger any caller in the right role may fire.</summary>
    public static DedicatedTrigger? Find(string trigger) => All.FirstOrDefault(d => d.Trigger == trigger);
}
