using Mediator;
using YangFan.Benchmarks.Api.Features.Notices;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Pages.Notices;

public static class NoticeLookup
{
    /// <summary>The notice, or null with the response set to 404 (the page then says it was not found).</summary>
    public static async Task<NoticeView?> FindAsync(ISender sender, Guid id, HttpContext http)
    {
        try
        {
            return await sender.Send(new GetNotice.Query(id), http.RequestAborted);
        }
        catch (ProblemException missing) when (missing.Status == StatusCodes.Status404NotFound)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return null;
        }
    }
}
