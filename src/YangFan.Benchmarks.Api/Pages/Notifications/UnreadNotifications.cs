using Mediator;
using Microsoft.AspNetCore.Components.Endpoints;
using YangFan.Benchmarks.Api.Features.Notifications;

namespace YangFan.Benchmarks.Api.Pages.Notifications;

/// <summary>
/// The unread count the header shows under a session, read before the page renders: the layout cannot ask while the
/// page is asking too (one database context per request, and the layout's first render starts the page's).
/// </summary>
public static class UnreadNotifications
{
    /// <summary>Counted up to this many; the header shows the number.</summary>
    public const int Limit = 100;

    private static readonly object Key = new();

    public static int Of(HttpContext? http) => http?.Items[Key] as int? ?? 0;

    public static IApplicationBuilder UseUnreadNotifications(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.User.Identity is { IsAuthenticated: true } && http.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            http.Items[Key] = (await http.RequestServices.GetRequiredService<ISender>()
                .Send(new ListMyNotifications.Query(null, Limit, Unread: true), http.RequestAborted)).Count;
        await next(http);
    });
}
