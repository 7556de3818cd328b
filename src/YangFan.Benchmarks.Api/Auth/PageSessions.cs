using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Auth;

/// <summary>
/// The web pages sign in with a cookie; <c>/api</c> takes bearer tokens only. The default scheme chooses by path, so a
/// page session's cookie never authenticates an API call (which keeps cross-site request forgery away from the JSON
/// API) and a token never signs anyone in to a page.
/// </summary>
public static class PageSessions
{
    public const string ByPath = "PathSelected";
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string CookieName = "yangfan.session";
    public const string SignInPath = "/account/sign-in";

    /// <summary>Whether a path belongs to the JSON API (and so to bearer tokens).</summary>
    public static bool IsApi(PathString path) => path.StartsWithSegments("/api");

    public static AuthenticationBuilder AddPageSessions(this AuthenticationBuilder authentication) =>
        authentication
            .AddPolicyScheme(ByPath, "Bearer tokens for /api, the page cookie elsewhere", o =>
                o.ForwardDefaultSelector = http => IsApi(http.Request.Path) ? JwtBearerDefaults.AuthenticationScheme : Cookie)
            .AddCookie(Cookie, o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = SignInPath;
                o.AccessDeniedPath = SignInPath;
                o.ReturnUrlParameter = "returnUrl";
                o.Events = new CookieAuthenticationEvents { OnValidatePrincipal = RejectDisabledUsers };
            });

    /// <summary>The principal a page session carries: the same claims as an access token, so handlers see one user.</summary>
    public static ClaimsPrincipal Principal(Guid userId, string email, string displayName, string role, Guid? organisationId,
        string? securityStamp) =>
        new(new ClaimsIdentity(
            [
                new Claim(TokenClaims.Subject, userId.ToString()),
                new Claim(TokenClaims.Role, role),
                new Claim(TokenClaims.Email, email),
                new Claim(TokenClaims.Name, displayName),
                new Claim(TokenClaims.Organisation, TokenClaims.OrganisationValue(organisationId)),
                new Claim(TokenClaims.SecurityStamp, securityStamp ?? string.Empty),
            ],
            Cookie, TokenClaims.Name, TokenClaims.Role));

    /// <summary>
    /// As for tokens: a disabled account's session, or one whose role or organisation has changed, ends at its next request;
    /// so does one issued before the password was reset (its security stamp is no longer the account's).
    /// </summary>
    private static async Task RejectDisabledUsers(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirst(TokenClaims.Subject)?.Value;
        var role = context.Principal?.FindFirst(TokenClaims.Role)?.Value;
        var db = context.HttpContext.RequestServices.GetRequiredService<AppDbContext>();
        var user = Guid.TryParse(id, out var userId)
            ? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.IsDisabled, u.Role, u.OrganisationId, u.SecurityStamp })
                .FirstOrDefaultAsync(context.HttpContext.RequestAborted)
            : null;
        if (user is null || user.IsDisabled || user.Role != role || !TokenClaims.OrganisationStillHolds(context.Principal!, user.OrganisationId)
            || context.Principal!.FindFirst(TokenClaims.SecurityStamp)?.Value != (user.SecurityStamp ?? string.Empty))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Cookie);
        }
    }
}
