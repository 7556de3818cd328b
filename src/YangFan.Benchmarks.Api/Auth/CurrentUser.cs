using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Auth;

/// <summary>Who is making the current request, as far as handlers need to know.</summary>
public interface ICurrentUser
{
    Guid? Id { get; }
    string? Role { get; }
    string Channel { get; }

    Guid RequireId() => Id ?? throw new InvalidOperationException("An authenticated user is required here.");

    /// <summary>The caller's account as the sign-in check read it for this request, or null when none was read.</summary>
    CheckedAccount? Account => null;

    /// <summary>
    /// The caller's organisation: from the sign-in check's read when there was one (the same row, one statement
    /// earlier on the request's connection), else from the database.
    /// </summary>
    async ValueTask<Guid?> OrganisationIdAsync(AppDbContext db, CancellationToken ct)
    {
        if (Account is { } account)
            return account.OrganisationId;
        var me = RequireId();
        return await db.Users.Where(u => u.Id == me).Select(u => u.OrganisationId).FirstAsync(ct);
    }
}

/// <summary>What the sign-in check (<c>AuthSetup</c>) read about the caller's account on this request.</summary>
public sealed record CheckedAccount(Guid? OrganisationId);

public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public Guid? Id => Guid.TryParse(Principal?.FindFirstValue(TokenClaims.Subject), out var id) ? id : null;

    public string? Role => Principal?.Identity?.IsAuthenticated == true ? Principal.FindFirstValue(TokenClaims.Role) : null;

    public string Channel => accessor.HttpContext is null ? AuditChannels.System : AuditChannels.Api;

    public CheckedAccount? Account => Principal?.Identity?.IsAuthenticated == true ? accessor.HttpContext!.Features.Get<CheckedAccount>() : null;
}

/// <summary>Claim names in our access tokens (inbound claim mapping is off, so these are what handlers see).</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Email = "email";
    public const string Name = "name";
    public const string TokenId = "jti";

    /// <summary>
    /// The organisation the account belonged to when the token or page session was issued (empty for none). The
    /// per-request check ends the session once the account belongs to another organisation, or to none.
    /// </summary>
    public const string Organisation = "org";

    /// <summary>
    /// A page session's copy of the account's security stamp, which changes when the password is reset: the per-request
    /// check refuses a session whose stamp is no longer the account's.
    /// </summary>
    public const string SecurityStamp = "stamp";

    /// <summary>
    /// Whether a session issued with <paramref name="principal"/>'s organisation claim still holds for an account now in
    /// <paramref name="current"/>. A session issued without an organisation may gain one (an invitation accepted);
    /// one issued for an organisation ends when the account leaves it. Tokens issued before the claim existed carry
    /// none and hold until they expire.
    /// </summary>
    public static bool OrganisationStillHolds(System.Security.Claims.ClaimsPrincipal principal, Guid? current)
    {
        var issued = principal.FindFirst(Organisation)?.Value;
        return string.IsNullOrEmpty(issued) || (Guid.TryParse(issued, out var id) && id == current);
    }

    public static string OrganisationValue(Guid? organisationId) => organisationId?.ToString() ?? string.Empty;
}
