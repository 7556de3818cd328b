using Mediator;
using Microsoft.AspNetCore.Components;
using YangFan.Benchmarks.Api.Features.Notices;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Pages.Notices;

public static class NoticeLookup
{
    /// <summary>The notice, or null after asking for the 404 page (<c>NotFound.razor</c>, with a 404 status).</summary>
    public static async Task<NoticeView?> FindAsync(ISender sender, Guid id, HttpContext http, NavigationManager navigation)
    {
        try
        {
            return await sender.Send(new GetNotice.Query(id), http.RequestAborted);
        }
        catch (ProblemException missing) when (missing.Status == StatusCodes.Status404NotFound)
        {
            navigation.NotFound();
            return null;
        }
    }
}
