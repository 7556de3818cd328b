namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>Endpoint metadata: responses that no cache may keep, even when the request carried no credentials.</summary>
public sealed class NoStore
{
    public static readonly NoStore Instance = new();
}

/// <summary>
/// Headers every response gets, problem responses, Swagger and downloads included: <c>X-Content-Type-Options:
/// nosniff</c>, and <c>Cache-Control: no-store</c> on whatever answers an authenticated request (or one that sent
/// credentials) and on endpoints marked <see cref="NoStore"/> (the token endpoints), except a versioned file under wwwroot. Set when the response starts, so
/// that the exception handler and status-code pages, which write later, cannot lose them.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext http)
    {
        // Read now: the exception handler clears the endpoint before it writes its problem.
        var marked = http.GetEndpoint()?.Metadata.GetMetadata<NoStore>() is not null;
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            // A file whose address names its version (Pages/StaticAssets.cs) holds nothing personal: keep it cacheable.
            var shared = headers.CacheControl.ToString().Contains("immutable", StringComparison.Ordinal);
            if (!shared && (marked || http.User.Identity?.IsAuthenticated == true || http.Request.Headers.Authorization.Count > 0))
                headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(http);
    }
}
