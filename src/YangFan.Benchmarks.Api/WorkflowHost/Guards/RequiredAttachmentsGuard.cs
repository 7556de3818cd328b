using Microsoft.EntityFrameworkCore;

namespace YangFan.Benchmarks.Api.WorkflowHost;

public sealed class RequiredAttachmentsGuard : IWorkflowGuard
{
    public string Name => "required-attachments";
    public string Description => "Every attachment kind the form the call pins marks required has been uploaded.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var required = (await c.Forms.ForCallAsync(c.Call, ct)).RequiredAttachmentKinds;
        if (required.Count == 0)
            return true;
        var present = await c.Db.Attachments.Where(a => a.ApplicationId == c.Application.Id).Select(a => a.Kind).Distinct().ToListAsync(ct);
        return required.All(present.Contains);
    }
}
