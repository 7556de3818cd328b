using System.Security.Claims;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Auth;

/// <summary>Who is making the current request, as far as handlers need to know.</summary>
public interface ICurrentUser
{
    Guid? Id { get; }
    string? Role { get; }
    string Channel { get; }

    Guid RequireId() => Id ?? throw new InvalidOperationException("An authenticated user is required here.");
}

public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

    public Guid? Id => Guid.TryParse(Principal?.FindFirstValue(TokenClaims.Subject), out var id) ? id : null;

    public string? Role => Principal?.Identity?.IsAuthenticated == true ? Principal.FindFirstValue(TokenClaims.Role) : null;

    public string Channel => accessor.HttpContext is null ? AuditChannels.System : AuditChannels.Api;
}

/// <summary>Claim names in our access tokens (inbound claim mapping is off, so these are what handlers see).</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Email = "email";
    public const string Name = "name";
    public const string TokenId = "jti";
}
