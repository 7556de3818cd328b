using Mediator;
using Microsoft.AspNetCore.Authorization;
using YangFan.Benchmarks.Api.Features.Notices;

namespace YangFan.Benchmarks.Api.Pages.AdminNotices;

/// <summary>
/// The console's notice addresses, and the evidence download for the page session: the pages cannot call <c>/api</c>
/// (bearer tokens only), so an objection's evidence is served here through the same audited command, to administrators only.
/// </summary>
public static class AdminNoticeLinks
{
    public static string Notice(Guid id) => $"/admin/notices/{id}";

    public static string Evidence(Guid objectionId) => $"/admin/objections/{objectionId}/evidence";

    public static string Application(Guid id) => $"/admin/applications/{id}";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/admin/objections/{id:guid}/evidence", async (Guid id, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var (objection, content) = await sender.Send(new DownloadObjectionEvidence.Query(id), ct);
                return DownloadObjectionEvidence.Serve(response, objection, content);
            })
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Admin })
            .ExcludeFromDescription();
}
