using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>
/// The attachments a caller may see, each under the name it is shown by. In a blind review an expert must not learn
/// the applicant from them: the kinds that name the organisation are withheld, and the rest are shown under neutral
/// names built from the kind and a number in upload order within the kind, "application-form-1.pdf", "other-2.docx"
/// (an uploaded name often carries the company's). Everyone else sees every attachment as uploaded.
/// Which kinds name the organisation is the pinned form's to say (<c>hiddenInBlindReview</c> per attachment kind): the
/// shipped forms hide the business licence (name, credit code, legal representative) and the recommendation letter
/// (the recommending authority names whom it recommends); an application form and other attachments are the work
/// under review, and the applicant must keep their own name out of them.
/// </summary>
public static class VisibleAttachments
{
    public static async Task<IReadOnlyList<(Attachment Attachment, string FileName)>> ForAsync(AppDbContext db, ICurrentUser user,
        WorkflowRuntime runtime, FormLibrary forms, Application application, CancellationToken ct)
    {
        var attachments = await db.Attachments.AsNoTracking().Where(a => a.ApplicationId == application.Id)
            .OrderBy(a => a.UploadedAt).ThenBy(a => a.Id).ToListAsync(ct);
        var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
        if (!ApplicationAccess.IsBlindFor(user, workflow))
            return attachments.Select(a => (a, a.FileName)).ToList();
        var hidden = (await forms.ForApplicationAsync(application, ct)).KindsHiddenInBlindReview;
        return attachments.Where(a => !hidden.Contains(a.Kind)).GroupBy(a => a.Kind)
            .SelectMany(kind => kind.Select((a, i) => (Attachment: a, FileName: NeutralName(a, i + 1))))
            .OrderBy(v => v.Attachment.UploadedAt).ThenBy(v => v.Attachment.Id).ToList();
    }

    /// <summary>
    /// "application-form-1.pdf": the kind (a key of the form: lower-case letters, digits and hyphens), the number, and
    /// the extension of the stored media type, which was detected from the bytes; nothing of the uploaded name.
    /// </summary>
    public static string NeutralName(Attachment attachment, int number) =>
        $"{attachment.Kind}-{number}{FileSignature.ForMediaType(attachment.MediaType)?.Extension}";
}
