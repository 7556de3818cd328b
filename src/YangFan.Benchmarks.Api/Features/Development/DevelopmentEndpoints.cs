using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Development;

public static class DevelopmentEndpoints
{
    /// <summary>
    /// Mapped only when <c>Development:ClockControl</c> is on (never in Production); otherwise <c>/api/dev</c> does
    /// not exist and answers 404 like any unknown path.
    /// </summary>
    public static void MapDevelopmentEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/dev").WithTags("Development").RequireAuthorization(Policies.Admin);
        GetClock.Map(admin);
        AdvanceClock.Map(admin);
    }

    /// <summary>The registered clock; the endpoints are mapped only when it is the development clock.</summary>
    public static DevelopmentClock ClockOf(TimeProvider time) =>
        time as DevelopmentClock ?? throw ProblemException.NotFound("The development clock");
}
