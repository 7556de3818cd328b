namespace YangFan.Benchmarks.Api.Features.Applications;

public static class ApplicationEndpoints
{
    public static void MapApplicationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/applications").WithTags("Applications").RequireAuthorization();
        GetApplication.Map(group);
        GetApplicationActions.Map(group);
        FireTransition.Map(group);
        GetApplicationHistory.Map(group);
    }
}
