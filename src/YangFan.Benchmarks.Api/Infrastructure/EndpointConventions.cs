using System.Globalization;
using YangFan.Benchmarks.Domain;

namespace YangFan.Benchmarks.Api.Infrastructure;

public static class EndpointConventions
{
    /// <summary>Declares the problem responses every endpoint can give, so OpenAPI lists them.</summary>
    public static RouteHandlerBuilder WithProblems(this RouteHandlerBuilder builder, params int[] statuses)
    {
        builder.ProducesValidationProblem();
        foreach (var status in statuses)
            builder.ProducesProblem(status);
        return builder;
    }

    /// <summary>A strong entity tag for a versioned aggregate.</summary>
    public static string ETagFor(IVersioned entity) => $"\"{entity.Version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// Reads an <c>If-Match</c> header holding one of our entity tags. Returns null when absent;
    /// a header that cannot be one of ours is a 412, since it can never match.
    /// </summary>
    public static int? ParseIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
            return null;
        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
            value = value[2..];
        value = value.Trim('"');
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw ProblemException.PreconditionFailed($"If-Match '{header}' is not an entity tag this API issued.");
    }
}
