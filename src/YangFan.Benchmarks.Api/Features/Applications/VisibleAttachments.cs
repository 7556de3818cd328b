using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>
/// The attachments a caller may see, each under the name it is shown by. In a blind review an expert must not learn
/// the applicant from them: the kinds that name the organisation are withheld, and the rest are shown under neutral
/// names, "附件-1.pdf", "附件-2.docx", numbered in upload order. Everyone else sees every attachment as uploaded.
/// Which kinds name the organisation is the pinned form's to say (<c>hiddenInBlindReview</c> per attachment kind): the
/// shipped forms hide the business licence (name, credit code, legal representative) and the recommendation letter
/// (the recommending authority names whom it recommends); an application form and other attachments are the work
/// under review, and the applicant must keep their own name out of them.
/// </summary>
public static class VisibleAttachments
{
    public const string NeutralStem = "附件-";

    public static async Task<IReadOnlyList<(Attachment Attachment, string FileName)>> ForAsync(AppDbContext db, ICurrentUser user,
        WorkflowRuntime runtime, FormLibrary forms, Application application, CancellationToken ct)
    {
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.ApplicationId == application.Id)
            .OrderBy(a => a.UploadedAt).ThenBy(a => a.Id).ToListAsync(ct);
        var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
        if (!ApplicationAccess.IsBlindFor(user, workflow))
            return attachments.Select(a => (a, a.FileName)).ToList();
        // The stored name always ends in the extension of the type detected from the bytes, never the client's.
        var hidden = (await forms.ForApplicationAsync(application, ct)).KindsHiddenInBlindReview;
        return attachments.Where(a => !hidden.Contains(a.Kind))
            .Select((a, i) => (a, $"{NeutralStem}{i + 1}{Path.GetExtension(a.FileName)}")).ToList();
    }
}
