using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace YangFan.Benchmarks.Api.Infrastructure.OpenApi;

/// <summary>
/// Documents the 429 of every rate-limited operation (the <c>auth</c> policy, and endpoints marked
/// <see cref="RateLimited"/> that draw on a limiter of their own, as objections do) with the <c>Retry-After</c> header
/// the rejection sends.
/// </summary>
public sealed class RateLimitResponseFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<EnableRateLimitingAttribute>().Any() && !metadata.OfType<RateLimited>().Any())
            return;
        var response = SecurityRequirementFilter.AddProblem(operation, context, StatusCodes.Status429TooManyRequests,
            "Too many requests from this client address; wait as Retry-After says.");
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers["Retry-After"] = new OpenApiHeader
        {
            Description = "Seconds to wait before the next attempt.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0" },
        };
    }
}

/// <summary>Marks an endpoint that refuses with 429 from a limiter of its own rather than the rate-limiting middleware.</summary>
public sealed class RateLimited
{
    public static readonly RateLimited Instance = new();

    private RateLimited() { }
}
