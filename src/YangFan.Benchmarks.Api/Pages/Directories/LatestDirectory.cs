using Mediator;
using YangFan.Benchmarks.Api.Features.Directories;

namespace YangFan.Benchmarks.Api.Pages.Directories;

/// <summary>
/// <c>/directories/calls/{callId}/latest</c>: a URL to share that always shows a call's latest directory version,
/// by redirecting (302, not cached) to that version's own URL.
/// </summary>
public static class LatestDirectory
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/directories/calls/{callId:guid}/latest", async (Guid callId, ISender sender, HttpContext http) =>
            {
                var latest = (await sender.Send(new ListDirectories.Query(null), http.RequestAborted))
                    .Where(d => d.CallId == callId).MaxBy(d => d.Number);
                if (latest is null)
                    return Results.NotFound();
                http.Response.Headers.CacheControl = "no-cache";
                return Results.Redirect(DirectoryLinks.Version(latest.Id));
            })
            .ExcludeFromDescription();
}
