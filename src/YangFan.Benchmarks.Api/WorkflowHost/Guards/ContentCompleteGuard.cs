namespace YangFan.Benchmarks.Api.WorkflowHost;

public sealed class ContentCompleteGuard : IWorkflowGuard
{
    public string Name => "content-complete";
    public string Description => "Every field the programme requires for submission is filled in.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        if (c.Application.SectorCode is null && await Features.Reference.ProgrammeSectors.RequiredAsync(c.Db, c.Application.ProgrammeKey, ct))
            return false;
        var content = Features.Applications.ApplicationContent.Read(c.Application.ProgrammeKey, c.Application.Content);
        return (await Features.Applications.ApplicationContent.CheckAsync(c.Application.ProgrammeKey, content, complete: true, ct)).Count == 0;
    }
}
