namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// The stable <c>type</c> URI of every kind of problem a client can receive (listed in docs/errors.md).
/// Clients branch on these, never on the human-readable title or detail.
/// </summary>
public static class ProblemTypes
{
    public const string Base = "https://yangfan-benchmarks.cn/problems/";

    public const string Validation = Base + "validation";
    public const string MalformedJson = Base + "malformed-json";
    public const string BadRequest = Base + "bad-request";
    public const string Unauthenticated = Base + "unauthenticated";
    public const string InvalidCredentials = Base + "invalid-credentials";
    public const string InvalidRefreshToken = Base + "invalid-refresh-token";
    public const string RefreshTokenReused = Base + "refresh-token-reused";
    public const string Forbidden = Base + "forbidden";
    public const string NotFound = Base + "not-found";
    public const string MethodNotAllowed = Base + "method-not-allowed";
    public const string Conflict = Base + "conflict";
    public const string Duplicate = Base + "duplicate";
    public const string ConcurrencyConflict = Base + "concurrency-conflict";
    public const string PreconditionFailed = Base + "precondition-failed";
    public const string PreconditionRequired = Base + "precondition-required";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string UnsupportedMediaType = Base + "unsupported-media-type";
    public const string UriTooLong = Base + "uri-too-long";
    public const string HeadersTooLarge = Base + "headers-too-large";
    public const string Unprocessable = Base + "unprocessable";
    public const string TooManyRequests = Base + "too-many-requests";
    public const string TransitionNotAvailable = Base + "transition-not-available";
    public const string GuardsUnmet = Base + "guards-unmet";
    public const string DedicatedEndpoint = Base + "dedicated-endpoint";
    public const string WorkflowInvalid = Base + "workflow-invalid";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string ConflictOfInterest = Base + "conflict-of-interest";
    public const string CapacityReached = Base + "capacity-reached";
    public const string AssignmentInfeasible = Base + "assignment-infeasible";
    public const string AssignmentConflicted = Base + "assignment-conflicted";
    public const string TargetCeilingReached = Base + "target-ceiling-reached";
    public const string ServiceUnavailable = Base + "service-unavailable";
    public const string ProvinceNotSet = Base + "province-not-set";
    public const string Internal = Base + "internal";

    /// <summary>The type used when a status code is produced without a more specific kind.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthenticated,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => PayloadTooLarge,
        414 => UriTooLong,
        415 => UnsupportedMediaType,
        422 => Unprocessable,
        428 => PreconditionRequired,
        429 => TooManyRequests,
        431 => HeadersTooLarge,
        503 => ServiceUnavailable,
        _ => Internal,
    };
}

/// <summary>
/// A failure the client caused or must know about. Thrown by handlers; turned into problem+json in exactly one
/// place, <see cref="ProblemExceptionHandler"/>.
/// </summary>
public class ProblemException(int status, string type, string title, string? detail = null,
    IReadOnlyDictionary<string, object?>? extensions = null) : Exception(detail ?? title)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    /// <summary>
    /// "Not found" and "not allowed to see it" look the same to an outsider: both are this 404.
    /// </summary>
    public static ProblemException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, ProblemTypes.NotFound, "Not found", $"{what} was not found.");

    public static ProblemException Conflict(string detail, string type = ProblemTypes.Conflict) =>
        new(StatusCodes.Status409Conflict, type, "Conflict", detail);

    public static ProblemException Duplicate(string detail) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.Duplicate, "Already exists", detail);

    /// <summary>
    /// Another request changed the resource first: an update that found a newer version, a transaction PostgreSQL
    /// chose to break a deadlock or a serialization failure. Reading again and retrying is safe.
    /// </summary>
    public static ProblemException ConcurrencyConflict() =>
        new(StatusCodes.Status409Conflict, ProblemTypes.ConcurrencyConflict, "Changed by someone else",
            "The resource was changed by another request since it was read. Read it again and retry.");

    /// <summary>The database cannot be reached; the request changed nothing and may be retried after the delay.</summary>
    public static ProblemException ServiceUnavailable() =>
        new(StatusCodes.Status503ServiceUnavailable, ProblemTypes.ServiceUnavailable, "Service unavailable",
            $"The database cannot be reached at the moment. Retry after {DatabaseOutage.RetryAfterSeconds} seconds.");

    public static ProblemException Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, ProblemTypes.Forbidden, "Forbidden", detail);

    public static ProblemException Unauthorized(string type, string title, string detail) =>
        new(StatusCodes.Status401Unauthorized, type, title, detail);

    public static ProblemException PreconditionFailed(string detail) =>
        new(StatusCodes.Status412PreconditionFailed, ProblemTypes.PreconditionFailed, "Precondition failed", detail);

    public static ProblemException PreconditionRequired(string detail) =>
        new(StatusCodes.Status428PreconditionRequired, ProblemTypes.PreconditionRequired, "Precondition required", detail);

    /// <summary>An <c>Idempotency-Key</c> sent again with a different request.</summary>
    public static ProblemException IdempotencyKeyReused(string key) =>
        new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
            "Idempotency key reused", $"Idempotency-Key '{key}' was already used for a different request.");

    /// <summary>A single-field validation failure found by a handler (e.g. a reference to unknown data).</summary>
    public static ProblemException Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, ProblemTypes.Validation, "One or more fields are invalid.", message,
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });
}
