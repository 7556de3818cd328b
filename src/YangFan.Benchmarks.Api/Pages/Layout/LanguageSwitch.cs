using Microsoft.AspNetCore.Localization;

namespace YangFan.Benchmarks.Api.Pages.Layout;

/// <summary>
/// The visible language switch: a plain link (it works without JavaScript) that keeps the choice in ASP.NET Core's
/// culture cookie for a year and goes back to the page it came from.
/// </summary>
public static class LanguageSwitch
{
    public const string Path = "/language";

    public static string Href(string culture, string returnUrl) =>
        $"{Path}/{Uri.EscapeDataString(culture)}?returnUrl={Uri.EscapeDataString(returnUrl)}";

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet(Path + "/{culture}", (string culture, string? returnUrl, HttpContext http) =>
            {
                if (!PagesSetup.Cultures.Contains(culture, StringComparer.OrdinalIgnoreCase))
                    return Results.NotFound();
                var chosen = PagesSetup.Cultures.First(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase));
                http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                    new CookieOptions { MaxAge = TimeSpan.FromDays(365), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
                return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
            })
            .ExcludeFromDescription();

    /// <summary>Only a path on this site (never <c>//host</c> or <c>/\host</c>), so the switch cannot send anyone elsewhere.</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
