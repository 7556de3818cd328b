using Microsoft.EntityFrameworkCore;

namespace YangFan.Benchmarks.Api.WorkflowHost;

public sealed class NoOpenObjectionsGuard : IWorkflowGuard
{
    public string Name => "no-open-objections";
    public string Description => "No objection to the application's public-notice entry is still unresolved.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct) =>
        !await c.Db.Objections.AnyAsync(o => o.ApplicationId == c.Application.Id && o.Status == ObjectionStatus.Open, ct);
}
