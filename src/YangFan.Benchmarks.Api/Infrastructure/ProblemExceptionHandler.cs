using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>The one place where every failure becomes an RFC 9457 problem response.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails, DatabaseOutage outage, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = ToProblem(exception);
        if (problem.Type == ProblemTypes.ServiceUnavailable)
        {
            // An outage is logged once, when it begins, not once per request that meets it.
            outage.Failed(exception);
            context.Response.Headers.RetryAfter = DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (problem.Status >= 500)
            logger.LogError(exception, "Unhandled exception for {Method} {Path}", context.Request.Method, context.Request.Path);
        else
            logger.LogInformation("Client error {Status} {Type}: {Detail}", problem.Status, problem.Type, problem.Detail);
        if (exception is ProblemException throttled && throttled.Extensions.TryGetValue(ProblemException.RetryAfterExtension, out var seconds))
            context.Response.Headers.RetryAfter = Convert.ToString(seconds, System.Globalization.CultureInfo.InvariantCulture);

        context.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    public static ProblemDetails ToProblem(Exception exception) => exception switch
    {
        ProblemException p => FromProblem(p),
        ValidationException v => Validation(v),
        BadHttpRequestException b => FromBadRequest(b),
        JsonException j => MalformedJson(j),
        // A lost race (a stale version, a broken deadlock, a serialization failure, a history number taken) is safe
        // to retry after reading again; the duplicate below is not.
        _ when DatabaseFailures.IsConcurrencyConflict(exception) => FromProblem(ProblemException.ConcurrencyConflict()),
        _ when DatabaseFailures.IsUniqueViolation(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Type = ProblemTypes.Duplicate,
            Title = "Already exists",
            Detail = "A resource with the same unique value already exists.",
        },
        _ when DatabaseFailures.IsUnavailable(exception) => FromProblem(ProblemException.ServiceUnavailable()),
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Type = ProblemTypes.Internal,
            Title = "An unexpected error occurred",
            Detail = "The error was logged; quote the traceId when reporting it.",
        },
    };

    private static ProblemDetails Validation(ValidationException exception)
    {
        var errors = exception.Errors
            .GroupBy(e => ToCamelCasePath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ProblemTypes.Validation,
            Title = "One or more fields are invalid.",
            Detail = string.Join(" ", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))),
            Extensions = { ["errors"] = errors },
        };
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
            return MalformedJson(json);

        return exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => new ProblemDetails
            {
                Status = 413, Type = ProblemTypes.PayloadTooLarge, Title = "Request body too large", Detail = exception.Message,
            },
            StatusCodes.Status415UnsupportedMediaType => new ProblemDetails
            {
                Status = 415, Type = ProblemTypes.UnsupportedMediaType, Title = "Unsupported media type",
                Detail = exception.Message,
            },
            _ when exception.Message.Contains("body", StringComparison.OrdinalIgnoreCase) => new ProblemDetails
            {
                Status = 400, Type = ProblemTypes.Validation, Title = "One or more fields are invalid.",
                Detail = "A JSON request body is required.",
                Extensions = { ["errors"] = new Dictionary<string, string[]> { ["body"] = ["A JSON request body is required."] } },
            },
            _ => new ProblemDetails
            {
                Status = exception.StatusCode is >= 400 and < 500 ? exception.StatusCode : 400,
                Type = ProblemTypes.ForStatus(exception.StatusCode),
                Title = "Bad request",
                Detail = exception.Message,
            },
        };
    }

    private static ProblemDetails MalformedJson(JsonException exception)
    {
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        var reason = exception.Message.Split(" Path:", 2)[0];
        // The serializer's messages name .NET types; clients get the same facts in the API's own words.
        if (reason.Contains("could not be mapped", StringComparison.Ordinal) && reason.Split('\'') is [_, var field, ..])
        {
            if (!path.EndsWith("." + field, StringComparison.Ordinal))
                path = path == "$" ? $"$.{field}" : $"{path}.{field}";
            reason = $"Unknown field '{field}'.";
        }
        else if (reason.StartsWith("Duplicate propert", StringComparison.Ordinal))
            reason = reason.Split('\'') is [_, var member, ..] ? $"Duplicate member '{member}'." : "Duplicate member.";
        else if (reason.Contains("could not be converted", StringComparison.Ordinal))
            reason = "The value has the wrong JSON type for this field.";
        var where = exception.LineNumber is { } line
            ? $"at {path}, line {line + 1}, position {exception.BytePositionInLine + 1}"
            : $"at {path}";
        return new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ProblemTypes.MalformedJson,
            Title = "The request body is not valid JSON for this endpoint.",
            Detail = $"{reason} ({where})",
            Extensions =
            {
                ["errors"] = new Dictionary<string, string[]> { [path] = [reason] },
                ["line"] = exception.LineNumber + 1,
                ["position"] = exception.BytePositionInLine + 1,
            },
        };
    }

    private static ProblemDetails FromProblem(ProblemException p)
    {
        var problem = new ProblemDetails { Status = p.Status, Type = p.Type, Title = p.Title, Detail = p.Detail };
        foreach (var (key, value) in p.Extensions)
            problem.Extensions[key] = value;
        return problem;
    }

    private static string ToCamelCasePath(string propertyName) =>
        string.Join('.', propertyName.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
