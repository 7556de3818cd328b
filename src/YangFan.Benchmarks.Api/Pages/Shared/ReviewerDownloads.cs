using Mediator;
using Microsoft.AspNetCore.Authorization;
using YangFan.Benchmarks.Api.Features.Applications;

namespace YangFan.Benchmarks.Api.Pages.Shared;

/// <summary>
/// The attachments the reviewers' pages link to: experts (assigned, and past the no-conflict confirmation) and
/// recommenders (within their jurisdiction), and administrators (every application). The page session cannot call <c>/api</c> (bearer tokens only), so the pages
/// have this address for the same query under the same visibility rule, blind names included (as <see cref="Applications.ApplicantDownloads"/>
/// for applicants).
/// </summary>
public static class ReviewerDownloads
{
    private const string Base = "/review/applications/{id:guid}";

    /// <summary>The attachment's address; <paramref name="inline"/> asks to view it in the browser where its type allows.</summary>
    public static string Attachment(Guid applicationId, Guid attachmentId, bool inline = false) =>
        $"/review/applications/{applicationId}/attachments/{attachmentId}{(inline ? "?inline=1" : "")}";

    public static void Map(IEndpointRouteBuilder app)
    {
        var files = app.MapGroup(Base).RequireAuthorization(new AuthorizeAttribute { Roles = $"{Roles.Expert},{Roles.Recommender},{Roles.Admin}" })
            .ExcludeFromDescription();
        files.MapGet("/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, string? inline, ISender sender, HttpResponse response,
            CancellationToken ct) =>
        {
            var (attachment, fileName, content) = await sender.Send(new DownloadAttachment.Query(id, attachmentId), ct);
            return DownloadAttachment.Serve(response, attachment, fileName, content, DownloadAttachment.InlineAsked(inline));
        });
    }
}
