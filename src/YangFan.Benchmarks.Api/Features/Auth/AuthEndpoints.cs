using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Auth;

public static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        // Tokens must never sit in a cache, whoever asked for them.
        var auth = app.MapGroup("/api/auth").WithTags("Authentication").WithMetadata(NoStore.Instance);
        Register.Map(auth);
        IssueToken.Map(auth);
        RefreshAccessToken.Map(auth);
        Logout.Map(auth);
        RequestPasswordReset.Map(auth);
        ResetPassword.Map(auth);

        GetMe.Map(app.MapGroup("/api/me").WithTags("Authentication").RequireAuthorization());
    }
}

/// <summary>What a successful sign-in or refresh returns.</summary>
/// <param name="AccessToken">A JWT to send as <c>Authorization: Bearer</c>.</param>
/// <param name="TokenType">Always <c>Bearer</c>.</param>
/// <param name="ExpiresAt">When the access token stops being accepted.</param>
/// <param name="RefreshToken">An opaque, single-use token for <c>POST /api/auth/refresh</c>.</param>
/// <param name="RefreshTokenExpiresAt">When the refresh token expires.</param>
public sealed record TokenResponse(string AccessToken, string TokenType, DateTimeOffset ExpiresAt,
    string RefreshToken, DateTimeOffset RefreshTokenExpiresAt);

/// <summary>Shared by sign-in and refresh: the access token plus a stored refresh token in the given family.</summary>
public sealed class TokenIssuer(Data.AppDbContext db, TokenService tokens, AuthOptions options, TimeProvider time)
{
    public TokenResponse Issue(AppUser user, Guid familyId, out RefreshToken stored)
    {
        var (accessToken, expiresAt) = tokens.CreateAccessToken(user);
        var (refreshToken, hash) = SecretTokens.Create();
        var now = time.GetUtcNow();
        stored = new RefreshToken
        {
            Id = Guid.NewGuid(),
            UserId = user.Id,
            FamilyId = familyId,
            TokenHash = hash,
            CreatedAt = now,
            ExpiresAt = now.AddDays(options.RefreshTokenDays),
        };
        db.RefreshTokens.Add(stored);
        return new TokenResponse(accessToken, "Bearer", expiresAt, refreshToken, stored.ExpiresAt);
    }
}
