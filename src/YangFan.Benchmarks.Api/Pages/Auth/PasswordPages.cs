using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.RateLimiting;
using YangFan.Benchmarks.Api.Auth;

namespace YangFan.Benchmarks.Api.Pages.Auth;

/// <summary>The forgotten-password pages send the commands in process, past the API's endpoints: they get the API's rate limit.</summary>
public static class PasswordPages
{
    public static void RateLimited(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<ComponentTypeMetadata>().Any(m => m.Type == typeof(ForgotPassword) || m.Type == typeof(ResetPasswordPage)))
            endpoint.Metadata.Add(new EnableRateLimitingAttribute(Policies.AuthRateLimit));
    }
}
