using Mediator;
using Microsoft.AspNetCore.Authorization;
using YangFan.Benchmarks.Api.Features.Applications;

namespace YangFan.Benchmarks.Api.Pages.Applications;

/// <summary>
/// The attachments the application page links to. The page session cannot call <c>/api</c> (bearer tokens only), so the page
/// has its own address for the same query, under the same visibility rule. (A form's templates are public:
/// <c>GET /api/forms/{key}/{version}/templates/{kind}</c>.)
/// </summary>
public static class ApplicantDownloads
{
    private const string Base = "/applicant/applications/{id:guid}";

    public static string Attachment(Guid applicationId, Guid attachmentId) => $"/applicant/applications/{applicationId}/attachments/{attachmentId}";

    public static void Map(IEndpointRouteBuilder app)
    {
        var files = app.MapGroup(Base).RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Applicant }).ExcludeFromDescription();
        files.MapGet("/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, ISender sender, HttpResponse response, CancellationToken ct) =>
        {
            var (attachment, fileName, content) = await sender.Send(new DownloadAttachment.Query(id, attachmentId), ct);
            return DownloadAttachment.Serve(response, attachment, fileName, content, inline: false);
        });
    }
}
