using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Features.Applications;

namespace YangFan.Benchmarks.Api.Pages.Applications;

/// <summary>
/// An attachment downloaded from the application page: the page session cannot call <c>/api</c> (bearer tokens only),
/// so the page has its own address for the same query, with the same visibility rule.
/// </summary>
public static class AttachmentDownload
{
    public static string Href(Guid applicationId, Guid attachmentId) => $"/applicant/applications/{applicationId}/attachments/{attachmentId}";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/applicant/applications/{id:guid}/attachments/{attachmentId:guid}",
                async (Guid id, Guid attachmentId, ISender sender, HttpResponse response, CancellationToken ct) =>
                {
                    var (attachment, fileName, content) = await sender.Send(new DownloadAttachment.Query(id, attachmentId), ct);
                    response.Headers.XContentTypeOptions = "nosniff";
                    return Results.File(content, attachment.MediaType, fileName);
                })
            .RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = Roles.Applicant })
            .ExcludeFromDescription();
}
