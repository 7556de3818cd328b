namespace YangFan.Benchmarks.Api.WorkflowHost;

public sealed class CallOpenGuard : IWorkflowGuard
{
    public string Name => "call-open";
    public string Description => "The call for applications is open.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var now = c.Time.GetUtcNow();
        // The closing time counts even before the close timer has fired.
        return await c.Workflows.HasTagAsync(c.Call, StateTags.AcceptingApplications, ct) && c.Call.OpensAt <= now && now < c.Call.ClosesAt;
    }
}
