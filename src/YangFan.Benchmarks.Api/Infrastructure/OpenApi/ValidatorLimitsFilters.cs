using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace YangFan.Benchmarks.Api.Infrastructure.OpenApi;

/// <summary>Writes the validators' limits into the schemas of the request types they guard.</summary>
public sealed class ValidatorLimitsSchemaFilter(ValidatorLimits limits) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema target || target.Properties is null)
            return;
        foreach (var (name, property) in target.Properties)
        {
            if (limits.For(context.Type, name) is not { } found)
                continue;
            if (found.Required)
                (target.Required ??= new HashSet<string>()).Add(name);
            if (property is OpenApiSchema inline)
                Write(inline, found);
            // A $ref property (an enum, a nested object) keeps its own schema; its limits are that type's own.
        }
    }

    /// <summary>Writes the limits onto an inline schema, and the element limits onto its items.</summary>
    internal static void Write(OpenApiSchema schema, ValidatorLimits.PropertyLimits limits)
    {
        var isArray = schema.Type?.HasFlag(JsonSchemaType.Array) == true;
        var isString = schema.Type?.HasFlag(JsonSchemaType.String) == true;
        var isNumber = schema.Type is { } type && (type.HasFlag(JsonSchemaType.Integer) || type.HasFlag(JsonSchemaType.Number));
        if (isString)
        {
            schema.MinLength = limits.MinLength ?? schema.MinLength;
            schema.MaxLength = limits.MaxLength ?? schema.MaxLength;
            schema.Pattern = limits.Pattern ?? schema.Pattern;
        }
        if (isNumber)
        {
            if (limits.Minimum is not null)
            {
                if (limits.ExclusiveMinimum) schema.ExclusiveMinimum = limits.Minimum;
                else schema.Minimum = limits.Minimum;
            }
            if (limits.Maximum is not null)
            {
                if (limits.ExclusiveMaximum) schema.ExclusiveMaximum = limits.Maximum;
                else schema.Maximum = limits.Maximum;
            }
        }
        if (isArray)
        {
            schema.MinItems = limits.MinItems ?? schema.MinItems;
            schema.MaxItems = limits.MaxItems ?? schema.MaxItems;
            if (limits.Items is not null && schema.Items is OpenApiSchema items)
                Write(items, limits.Items);
        }
        if (limits.Items is not null && schema.AdditionalProperties is OpenApiSchema values)
            Write(values, limits.Items);
    }
}

/// <summary>
/// Writes the validators' limits onto query and route parameters: the endpoint's handler is declared inside its use
/// case's static class, whose validator checks the member the parameter is bound to.
/// </summary>
public sealed class ValidatorLimitsParameterFilter(ValidatorLimits limits) : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Parameters is null || UseCaseOf(context) is not { } useCase)
            return;
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
            if (parameter.Name is { } name && parameter.Schema is OpenApiSchema schema && limits.ForMember(useCase, name) is { } found)
            {
                ValidatorLimitsSchemaFilter.Write(schema, found);
                if (found.Required && parameter.In == ParameterLocation.Query)
                    parameter.Required = true;
            }
    }

    private static Type? UseCaseOf(OperationFilterContext context)
    {
        var handler = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<MethodInfo>().FirstOrDefault();
        var type = handler?.DeclaringType;
        // A lambda lives in a compiler-generated class nested in the use case.
        while (type is { IsNested: true } && type.Name.StartsWith('<'))
            type = type.DeclaringType;
        return type;
    }
}
