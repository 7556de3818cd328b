using YangFan.Benchmarks.Api.Auth;

namespace YangFan.Benchmarks.Api.Features.Calls;

public static class CallEndpoints
{
    public static void MapCallEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calls").WithTags("Calls");
        ListCalls.Map(group);
        GetCall.Map(group);
        var admin = app.MapGroup("/api/calls").WithTags("Calls").RequireAuthorization(Policies.Admin);
        SaveCall.MapCreate(admin);
        SaveCall.MapUpdate(admin);
        ChangeCallStatus.Map(admin);
        GetCallAuthorityQuotas.Map(admin);
        SetAuthorityQuotas.Map(admin);
        ListFormalCheckQueue.Map(admin);
        ListCallOverview.Map(admin);
        GetCallDashboard.Map(admin);
    }
}
