using Mediator;
using Microsoft.AspNetCore.Authorization;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Pages.Applications;

/// <summary>
/// Files the application page links to. The page session cannot call <c>/api</c> (bearer tokens only), so the page
/// has its own addresses for the same queries, under the same visibility rule: an attachment, and the template file
/// of an attachment kind of the form the application is filled in on (the version its call pins).
/// </summary>
public static class ApplicantDownloads
{
    private const string Base = "/applicant/applications/{id:guid}";

    public static string Attachment(Guid applicationId, Guid attachmentId) => $"/applicant/applications/{applicationId}/attachments/{attachmentId}";

    public static string Template(Guid applicationId, string kind) => $"/applicant/applications/{applicationId}/templates/{Uri.EscapeDataString(kind)}";

    public static void Map(IEndpointRouteBuilder app)
    {
        var files = app.MapGroup(Base).RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Applicant }).ExcludeFromDescription();
        files.MapGet("/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, ISender sender, HttpResponse response, CancellationToken ct) =>
        {
            var (attachment, fileName, content) = await sender.Send(new DownloadAttachment.Query(id, attachmentId), ct);
            response.Headers.XContentTypeOptions = "nosniff";
            return Results.File(content, attachment.MediaType, fileName);
        });
        files.MapGet("/templates/{kind:maxlength(64)}", async (Guid id, string kind, ISender sender, FormOptions forms, CancellationToken ct) =>
        {
            var form = await sender.Send(new GetApplicationForm.Query(id), ct);
            var template = form.Form.Attachments.FirstOrDefault(a => a.Kind == kind)?.Template ?? throw ProblemException.NotFound("The template");
            var folder = Path.GetFullPath(forms.Folder);
            var file = Path.GetFullPath(Path.Combine(folder, template));
            if (!file.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
                throw ProblemException.NotFound("The template");
            return Results.File(File.OpenRead(file), MediaType(file), Path.GetFileName(file));
        });
    }

    private static string MediaType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".pdf" => "application/pdf",
        _ => "application/octet-stream",
    };
}
