using YangFan.Benchmarks.Api.Auth;

namespace YangFan.Benchmarks.Api.Features.Users;

public static class UserEndpoints
{
    public static void MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        CreateUser.Map(group);
        ListUsers.Map(group);
        GetUser.Map(group);
        DisableUser.Map(group);
        EnableUser.Map(group);
    }
}
