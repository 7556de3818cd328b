using System.Reflection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace YangFan.Benchmarks.Api.Infrastructure.OpenApi;

public static class OpenApiSetup
{
    /// <summary>
    /// The OpenAPI document: readable schema ids, the JSON options the endpoints really use (enums as names), nullable
    /// marked, bearer only where authorization applies, 429 where rate limits apply and the validators' limits.
    /// </summary>
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        // Swashbuckle would otherwise describe types with MVC's JSON options, which minimal APIs do not use: enums
        // would show as integers although the API reads and writes only their names.
        services.AddTransient<ISerializerDataContractResolver>(sp =>
            new JsonSerializerDataContractResolver(sp.GetRequiredService<IOptions<HttpJsonOptions>>().Value.SerializerOptions));
        services.AddSingleton<ValidatorLimits>();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "YangFan Benchmarks API",
                Version = "v1",
                Description = "Runs the selection programmes of the 5G Application \"YangFan\" Action Plan 2021–2023 end to end.",
            });
            o.AddSecurityDefinition(SecurityRequirementFilter.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from POST /api/auth/token: a JWT validated as RFC8725 recommends (allow-listed algorithm, " +
                    "signature, issuer, audience and lifetime checked).",
            });
            var xml = Path.Combine(AppContext.BaseDirectory, $"{Assembly.GetExecutingAssembly().GetName().Name}.xml");
            if (File.Exists(xml))
                o.IncludeXmlComments(xml);
            o.CustomSchemaIds(SchemaIds.For);
            o.SupportNonNullableReferenceTypes();
            o.OperationFilter<SecurityRequirementFilter>();
            o.OperationFilter<RateLimitResponseFilter>();
            o.OperationFilter<ValidatorLimitsParameterFilter>();
            o.SchemaFilter<ValidatorLimitsSchemaFilter>();
        });
        return services;
    }
}
