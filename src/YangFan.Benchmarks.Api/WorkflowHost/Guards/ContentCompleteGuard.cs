using System.Text.Json;

namespace YangFan.Benchmarks.Api.WorkflowHost;

public sealed class ContentCompleteGuard : IWorkflowGuard
{
    public string Name => "content-complete";
    public string Description => "The content is complete by the form the call pins (every keyword of its schema and its rules), and a sector is chosen where the programme needs one.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        if (c.Application.SectorCode is null && await Features.Reference.ProgrammeSectors.RequiredAsync(c.Db, c.Application.ProgrammeKey, ct))
            return false;
        var form = await c.Forms.ForCallAsync(c.Call, ct);
        using var content = JsonDocument.Parse(c.Application.Content);
        return form.Check(content.RootElement, complete: true).Count == 0;
    }
}
