namespace YangFan.Benchmarks.Api.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public string Issuer { get; set; } = "yangfan-benchmarks";
    public string Audience { get; set; } = "yangfan-benchmarks-api";

    /// <summary>HS256 key, at least 32 bytes (256 bits) of UTF-8. Generated into the data folder outside Production.</summary>
    public string? SigningKey { get; set; }

    public int AccessTokenMinutes { get; set; } = 15;
    public int RefreshTokenDays { get; set; } = 14;

    /// <summary>An external OpenID Connect authority; when set, JwtBearer validates its tokens instead of ours.</summary>
    public string? Authority { get; set; }

    public const int MinimumKeyBytes = 32;
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
}
