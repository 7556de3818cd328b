using YangFan.Benchmarks.Api.Auth;

namespace YangFan.Benchmarks.Api.Features.Audit;

public static class AuditEndpoints
{
    public static void MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.Admin);
        ListAuditEvents.Map(group);
        VerifyAuditChain.Map(group);
    }
}
