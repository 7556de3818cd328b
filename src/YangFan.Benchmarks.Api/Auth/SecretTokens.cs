using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace YangFan.Benchmarks.Api.Auth;

/// <summary>
/// Opaque single-purpose secrets handed to one person (refresh tokens, invitation links, password-reset links): 32 random
/// bytes, URL-safe, stored only as their SHA-256 so that a copy of the database opens nothing.
/// </summary>
public static class SecretTokens
{
    /// <summary>A new token: the value for its holder and the hash to store.</summary>
    public static (string Token, string Hash) Create()
    {
        var token = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    /// <summary>The stored form of a token, to look it up by.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
