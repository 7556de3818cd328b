using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace YangFan.Benchmarks.Api.Auth;

/// <summary>Issues access tokens (JWT, HS256); refresh tokens are <see cref="SecretTokens"/>.</summary>
public sealed class TokenService(AuthOptions options, SigningKey key, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) CreateAccessToken(AppUser user)
    {
        var now = time.GetUtcNow();
        var expires = now.AddMinutes(options.AccessTokenMinutes);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(TokenClaims.Subject, user.Id.ToString()),
                new Claim(TokenClaims.Email, user.Email ?? string.Empty),
                new Claim(TokenClaims.Name, user.DisplayName),
                new Claim(TokenClaims.Role, user.Role),
                new Claim(TokenClaims.TokenId, Guid.NewGuid().ToString("N")),
                new Claim(TokenClaims.Organisation, TokenClaims.OrganisationValue(user.OrganisationId)),
            ]),
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}
