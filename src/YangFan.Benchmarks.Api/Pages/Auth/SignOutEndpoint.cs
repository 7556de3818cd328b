using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using YangFan.Benchmarks.Api.Auth;

namespace YangFan.Benchmarks.Api.Pages.Auth;

/// <summary>
/// Ends the page session: a form post from the header (antiforgery-checked, since it reads a form), never a link a
/// third-party page could make a browser follow.
/// </summary>
public static class SignOutEndpoint
{
    public const string Path = "/account/sign-out";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost(Path, async (HttpContext http) =>
            {
                // The antiforgery middleware only judges the token; an endpoint that binds no form must act on it.
                if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
                    return Results.BadRequest();
                await http.SignOutAsync(PageSessions.Cookie);
                return Results.LocalRedirect("/");
            })
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .ExcludeFromDescription();
}
