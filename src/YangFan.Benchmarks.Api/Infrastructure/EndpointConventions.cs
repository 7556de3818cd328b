using System.Globalization;
using YangFan.Benchmarks.Domain;
using YangFan.Benchmarks.Domain.Attachments;

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

    /// <summary>Declares a file download: a 200 whose body is the file, in one of the given media types.</summary>
    public static RouteHandlerBuilder ProducesFile(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.Produces(StatusCodes.Status200OK, typeof(Stream), contentTypes[0], contentTypes[1..]);

    /// <summary>The media types an uploaded attachment or evidence file can be stored and served with.</summary>
    public static readonly string[] StoredFileTypes =
        [FileSignature.Pdf.MediaType, FileSignature.Png.MediaType, FileSignature.Jpeg.MediaType, FileSignature.Docx.MediaType, FileSignature.Xlsx.MediaType];

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
