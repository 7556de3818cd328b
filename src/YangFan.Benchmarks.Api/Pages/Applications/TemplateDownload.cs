using Mediator;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Pages.Applications;

/// <summary>
/// The template file of an attachment kind, from the form the application is filled in on (the version its call
/// pins), for the applicant to download and fill in.
/// </summary>
public static class TemplateDownload
{
    public static string Href(Guid applicationId, string kind) => $"/applicant/applications/{applicationId}/templates/{Uri.EscapeDataString(kind)}";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/applicant/applications/{id:guid}/templates/{kind:maxlength(64)}",
                async (Guid id, string kind, ISender sender, FormOptions forms, CancellationToken ct) =>
                {
                    var form = await sender.Send(new GetApplicationForm.Query(id), ct);
                    var template = form.Form.Attachments.FirstOrDefault(a => a.Kind == kind)?.Template
                        ?? throw ProblemException.NotFound("The template");
                    var folder = Path.GetFullPath(forms.Folder);
                    var file = Path.GetFullPath(Path.Combine(folder, template));
                    if (!file.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(file))
                        throw ProblemException.NotFound("The template");
                    return Results.File(File.OpenRead(file), MediaType(file), Path.GetFileName(file));
                })
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = Roles.Applicant })
            .ExcludeFromDescription();

    private static string MediaType(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".pdf" => "application/pdf",
        _ => "application/octet-stream",
    };
}
