namespace YangFan.Benchmarks.Api.Auth;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public string Issuer { get; set; } = "yangfan-benchmarks";
    public string Audience { get; set; } = "yangfan-benchmarks-api";

    /// <summary>HS256 key, at least 32 bytes (256 bits) of UTF-8. Generated into the data folder outside Production.</summary>
    public string? SigningKey { get; set; }

    public int AccessTokenMinutes { get; set; } = 15;

    /// <summary>
    /// The longest an access token may live (<c>exp</c> − <c>iat</c>, and <c>exp</c> − now) to be accepted, whatever it
    /// says itself. Defaults to <see cref="AccessTokenMinutes"/>.
    /// </summary>
    public int? MaxAccessTokenMinutes { get; set; }

    public int RefreshTokenDays { get; set; } = 14;

    /// <summary>Failed sign-ins in a row from one client to one account that lock that client out of the account.</summary>
    public int LockoutAttempts { get; set; } = 5;

    /// <summary>How long such a lockout lasts; also the window of <see cref="AccountThrottleAttempts"/>.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>
    /// Failed sign-ins to one account from all clients within <see cref="LockoutMinutes"/> after which clients that
    /// have never signed in to it are refused too. Clients that have signed in to it before are not.
    /// </summary>
    public int AccountThrottleAttempts { get; set; } = 50;

    /// <summary>
    /// The least time a refused sign-in takes to answer. The work behind a refusal differs (an unknown e-mail checks
    /// a dummy hash; a known account also reads and writes its throttle and the audit trail), so every refusal is held
    /// until this much wall-clock time has passed since the request reached the endpoint. 0 turns it off.
    /// </summary>
    public int RefusedSignInMilliseconds { get; set; } = 500;

    public TimeSpan MaxAccessTokenLifetime => TimeSpan.FromMinutes(MaxAccessTokenMinutes ?? AccessTokenMinutes);
    public TimeSpan LockoutDuration => TimeSpan.FromMinutes(LockoutMinutes);

    /// <summary>An external OpenID Connect authority; when set, JwtBearer validates its tokens instead of ours.</summary>
    public string? Authority { get; set; }

    public const int MinimumKeyBytes = 32;
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);
}
