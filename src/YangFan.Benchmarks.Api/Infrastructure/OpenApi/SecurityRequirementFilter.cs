using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace YangFan.Benchmarks.Api.Infrastructure.OpenApi;

/// <summary>
/// Puts the bearer requirement on exactly the operations that demand authorization, with their 401 (and 403 when a
/// role or policy beyond sign-in is required). Anonymous operations (sign-in, public notices, directories, reference
/// data) carry none, so generated clients send no token there.
/// </summary>
public sealed class SecurityRequirementFilter : IOperationFilter
{
    public const string SchemeName = "bearer";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
            return;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var policies = metadata.OfType<AuthorizationPolicy>().ToList();
        if (authorize.Count == 0 && policies.Count == 0 && !metadata.OfType<IAuthorizationRequirementData>().Any())
            return;

        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        operation.Responses ??= [];
        AddProblem(operation, context, StatusCodes.Status401Unauthorized, "No valid access token was sent.");
        var beyondSignIn = authorize.Any(a => a.Policy is not null || a.Roles is not null)
            || policies.Any(p => p.Requirements.Any(r => r is not DenyAnonymousAuthorizationRequirement));
        if (beyondSignIn)
            AddProblem(operation, context, StatusCodes.Status403Forbidden, "The signed-in user's role may not do this.");
    }

    /// <summary>Adds a problem+json response for the status unless the endpoint already declares one.</summary>
    internal static OpenApiResponse AddProblem(OpenApiOperation operation, OperationFilterContext context, int status, string description)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        operation.Responses ??= [];
        if (operation.Responses.TryGetValue(key, out var existing) && existing is OpenApiResponse known)
            return known;
        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository) },
            },
        };
        operation.Responses[key] = response;
        return response;
    }
}
