using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Auth;

public static class Policies
{
    public const string Admin = "Admin";
    public const string AuthRateLimit = "auth";
}

/// <summary>Configuration section <c>RateLimiting:Auth</c>: requests per client address per window.</summary>
public sealed class AuthRateLimitOptions
{
    public int PermitLimit { get; set; } = 10;
    public int WindowSeconds { get; set; } = 60;
}

public static class AuthSetup
{
    public static IServiceCollection AddAppAuth(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment, string dataDirectory)
    {
        var options = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        var signingKey = SigningKey.Resolve(options, environment, dataDirectory);
        if (options.MaxAccessTokenLifetime < TimeSpan.FromMinutes(options.AccessTokenMinutes))
            throw new InvalidOperationException("Auth:MaxAccessTokenMinutes must not be less than Auth:AccessTokenMinutes, or the API would refuse its own tokens.");
        services.AddSingleton(options);
        services.AddSingleton(signingKey);
        services.AddSingleton<TokenService>();
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentUser, HttpCurrentUser>();

        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireDigit = true;
                o.Password.RequireLowercase = true;
                o.Password.RequireUppercase = true;
                o.Password.RequireNonAlphanumeric = false;
                // Failed sign-ins are throttled per account and client by SignInThrottle, not by Identity's per-account lockout.
                o.Lockout.AllowedForNewUsers = false;
            })
            .AddEntityFrameworkStores<AppDbContext>();

        services.AddAuthentication(PageSessions.ByPath)
            .AddPageSessions()
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                if (!string.IsNullOrEmpty(options.Authority))
                {
                    jwt.Authority = options.Authority;
                    jwt.Audience = options.Audience;
                }
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuer = string.IsNullOrEmpty(options.Authority) ? options.Issuer : null,
                    ValidateAudience = true,
                    ValidAudience = options.Audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = AuthOptions.ClockSkew,
                    ValidateIssuerSigningKey = true,
                    RequireSignedTokens = true,
                    IssuerSigningKey = string.IsNullOrEmpty(options.Authority) ? signingKey.Key : null,
                    ValidAlgorithms = string.IsNullOrEmpty(options.Authority) ? [SecurityAlgorithms.HmacSha256] : null,
                    NameClaimType = TokenClaims.Subject,
                    RoleClaimType = TokenClaims.Role,
                };
                jwt.Events = new JwtBearerEvents { OnTokenValidated = RejectDisabledUsers };
            });
        // IdentityModel judges lifetimes by DateTime.UtcNow; the API's clock (TimeProvider) issues them. Both must
        // read one clock, or a token issued after the development clock moves would look not yet valid.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((jwt, time) =>
            jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, token, parameters) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return ValidateLifetime(now, notBefore, expires, parameters) &&
                    ValidateMaximumLifetime(now, (token as JsonWebToken)?.IssuedAt, expires, options.MaxAccessTokenLifetime, parameters);
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireRole(Roles.Admin));

        var limits = configuration.GetSection("RateLimiting:Auth").Get<AuthRateLimitOptions>() ?? new AuthRateLimitOptions();
        // Bound onto its own defaults, so setting only one of the two keys keeps the other's objection default.
        var objectionLimits = new AuthRateLimitOptions { PermitLimit = 5, WindowSeconds = 3600 };
        configuration.GetSection("RateLimiting:Objections").Bind(objectionLimits);
        // On PostgreSQL the counts are the database's, so a limit holds across API processes; SQLite is one process and
        // counts in memory (docs/decisions/0042).
        var shared = (configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions()).Provider == DatabaseProvider.Postgres;
        services.AddSingleton<RateCounter>();
        services.AddSingleton(sp => new Features.Notices.ObjectionThrottle(objectionLimits, shared ? sp.GetRequiredService<RateCounter>() : null));
        services.AddRateLimiter(r =>
        {
            r.AddPolicy(Policies.AuthRateLimit, http => shared
                ? RateLimitPartition.Get(ClientAddress.PartitionKey(http), key => (RateLimiter)new SharedWindowLimiter(
                    http.RequestServices.GetRequiredService<RateCounter>(), Policies.AuthRateLimit, key, limits))
                : RateLimitPartition.GetFixedWindowLimiter(
                    ClientAddress.PartitionKey(http),
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PermitLimit,
                        Window = TimeSpan.FromSeconds(limits.WindowSeconds),
                        QueueLimit = 0,
                    }));
            r.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : limits.WindowSeconds;
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = ProblemExceptionHandler.ToProblem(ProblemException.TooManyRequests(retryAfter)),
                });
            };
        });
        return services;
    }

    /// <summary>
    /// IdentityModel's own lifetime rules (an expiry is required, not-before within the clock skew of now, expiry not
    /// more than the skew in the past) against <paramref name="now"/>, throwing the exceptions it throws.
    /// </summary>
    private static bool ValidateLifetime(DateTime now, DateTime? notBefore, DateTime? expires, TokenValidationParameters parameters)
    {
        if (expires is null)
            return parameters.RequireExpirationTime ? throw new SecurityTokenNoExpirationException("The token has no expiry.") : true;
        if (notBefore > expires)
            throw new SecurityTokenInvalidLifetimeException("The token's not-before time is after its expiry.")
                { NotBefore = notBefore, Expires = expires };
        if (notBefore > now + parameters.ClockSkew)
            throw new SecurityTokenNotYetValidException($"The token is not valid before {notBefore:O}.") { NotBefore = notBefore.Value };
        if (expires < now - parameters.ClockSkew)
            throw new SecurityTokenExpiredException($"The token expired at {expires:O}.") { Expires = expires.Value };
        return true;
    }

    /// <summary>
    /// Whatever a token's own <c>exp</c> says, it is refused when it would live longer than
    /// <c>Auth:MaxAccessTokenMinutes</c>: from its <c>iat</c> (which it must have) or from now.
    /// </summary>
    private static bool ValidateMaximumLifetime(DateTime now, DateTime? issuedAt, DateTime? expires, TimeSpan maximum,
        TokenValidationParameters parameters)
    {
        if (issuedAt is null || issuedAt == DateTime.MinValue)
            throw new SecurityTokenInvalidLifetimeException("The token has no issue time (iat).") { Expires = expires };
        if (expires - issuedAt > maximum || expires - now > maximum + parameters.ClockSkew)
            throw new SecurityTokenInvalidLifetimeException($"The token lives longer than the {maximum.TotalMinutes} minutes this API accepts.")
                { Expires = expires };
        return true;
    }

    /// <summary>
    /// A disabled or deleted user's still-valid tokens stop working at their next request; so do tokens that claim
    /// anything but exactly the one role the account holds (a <c>role</c> array included, even of one element).
    /// </summary>
    private static async Task RejectDisabledUsers(TokenValidatedContext context)
    {
        if (!Guid.TryParse(context.Principal?.FindFirst(TokenClaims.Subject)?.Value, out var userId))
        {
            context.Fail("The token has no valid subject.");
            return;
        }
        if (context.Principal!.FindAll(TokenClaims.Role).Count() != 1 || !RoleIsOneString(context.SecurityToken))
        {
            context.Fail("The token must carry exactly one role.");
            return;
        }
        var db = context.HttpContext.RequestServices.GetRequiredService<AppDbContext>();
        var lookup = db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.IsDisabled, u.Role, u.OrganisationId });
        var user = await DeferOutageAsync(context, async () =>
        {
            // Opened by hand, so EF Core keeps it open until the request's context goes back to its pool: the
            // handler's queries and transaction reuse this connection instead of returning it to Npgsql's pool
            // here and renting it again (a second session reset per request).
            await db.Database.OpenConnectionAsync(context.HttpContext.RequestAborted);
            return await lookup.FirstOrDefaultAsync(context.HttpContext.RequestAborted);
        });
        if (context.HttpContext.Features.Get<UserLookupFailed>() is not null)
            return;
        if (user is null || user.IsDisabled)
            context.Fail("The account is disabled.");
        else if (user.Role != context.Principal!.FindFirst(TokenClaims.Role)?.Value)
            context.Fail("The account's role has changed; sign in again.");
        else if (!TokenClaims.OrganisationStillHolds(context.Principal!, user.OrganisationId))
            // Removed from the organisation, or it passed to a claimant: the session ends at once.
            context.Fail("The account no longer belongs to the organisation it signed in for; sign in again.");
        else
            // Kept for the handlers (ICurrentUser.OrganisationIdAsync), which would otherwise read the same row again.
            context.HttpContext.Features.Set(new CheckedAccount(user.OrganisationId));
    }

    /// <summary>The user lookup of a request whose token is valid failed because the database cannot be reached.</summary>
    private sealed record UserLookupFailed(ExceptionDispatchInfo Error);

    /// <summary>
    /// Runs the lookup; if the database cannot be reached, keeps the failure for <see cref="UseAppAuthentication"/>
    /// instead of throwing inside the JWT handler, which would log it as an error on every request of an outage.
    /// </summary>
    private static async Task<T?> DeferOutageAsync<T>(TokenValidatedContext context, Func<Task<T?>> lookup)
    {
        try
        {
            return await lookup();
        }
        catch (Exception ex) when (DatabaseFailures.IsUnavailable(ex))
        {
            context.HttpContext.Features.Set(new UserLookupFailed(ExceptionDispatchInfo.Capture(ex)));
            return default;
        }
    }

    /// <summary>
    /// Authentication, then the failure of a user lookup that met a database outage, thrown before anything is
    /// authorised: the exception handler answers it as 503 and the outage is logged once.
    /// </summary>
    public static IApplicationBuilder UseAppAuthentication(this IApplicationBuilder app) =>
        app.UseAuthentication().Use(async (context, next) =>
        {
            context.Features.Get<UserLookupFailed>()?.Error.Throw();
            await next(context);
        });

    /// <summary>JwtBearer turns a one-element <c>role</c> array into one claim, so the payload itself is read.</summary>
    private static bool RoleIsOneString(SecurityToken token)
    {
        if (token is not JsonWebToken jwt)
            return false;
        using var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        return payload.RootElement.TryGetProperty(TokenClaims.Role, out var role) && role.ValueKind == JsonValueKind.String;
    }
}
