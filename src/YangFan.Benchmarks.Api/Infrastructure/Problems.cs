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
    public const string PasswordResetInvalid = Base + "password-reset-invalid";
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
    public const string FormInvalid = Base + "form-invalid";
    public const string FormVersionPublished = Base + "form-version-published";
    public const string FormTemplatesMissing = Base + "form-templates-missing";
    public const string NoTemplateDeclared = Base + "no-template-declared";
    public const string IdempotencyKeyReused = Base + "idempotency-key-reused";
    public const string ConflictOfInterest = Base + "conflict-of-interest";
    public const string CapacityReached = Base + "capacity-reached";
    public const string AssignmentInfeasible = Base + "assignment-infeasible";
    public const string AssignmentPlanChanged = Base + "assignment-plan-changed";
    public const string AssignmentConflicted = Base + "assignment-conflicted";
    public const string ConflictConfirmationRequired = Base + "conflict-confirmation-required";
    public const string ReviewSubmitted = Base + "review-submitted";
    public const string OtherReviewsHidden = Base + "other-reviews-hidden";
    public const string TargetCeilingReached = Base + "target-ceiling-reached";
    public const string RecommenderQuotaReached = Base + "recommender-quota-reached";
    public const string AuthorityQuotaBelowUsed = Base + "authority-quota-below-used";
    public const string RecommendationDeadlinePassed = Base + "recommendation-deadline-passed";
    public const string CallClosingTimePassed = Base + "call-closing-time-passed";
    public const string RankingClosed = Base + "ranking-closed";
    public const string RankingMismatch = Base + "ranking-mismatch";
    public const string ServiceUnavailable = Base + "service-unavailable";
    public const string ProvinceNotSet = Base + "province-not-set";
    public const string CreditCodeRegistered = Base + "credit-code-registered";
    public const string NotOrganisationOwner = Base + "not-organisation-owner";
    public const string VerificationDocumentsMissing = Base + "verification-documents-missing";
    public const string VerificationNotAwaiting = Base + "verification-not-awaiting";
    public const string InvitationExpired = Base + "invitation-expired";
    public const string InvitationUsed = Base + "invitation-used";
    public const string InvitationForAnotherAddress = Base + "invitation-for-another-address";
    public const string AlreadyInOrganisation = Base + "already-in-organisation";
    public const string ClaimDecided = Base + "claim-decided";
    public const string ObjectionLimitReached = Base + "objection-limit-reached";
    public const string ObjectionCodeWrong = Base + "objection-code-wrong";
    public const string ObjectionCodeExpired = Base + "objection-code-expired";
    public const string ObjectionCodeAttemptsExhausted = Base + "objection-code-attempts-exhausted";
    public const string EmailNotFailed = Base + "email-not-failed";
    public const string MailEventUnknown = Base + "mail-event-unknown";
    public const string MailEventMandatory = Base + "mail-event-mandatory";
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
    /// The record moved on since the caller read it (a stale version, a write that lost a race, or a transition its
    /// state no longer offers): a page says so and offers to read it again.
    /// </summary>
    public bool MovedOnSinceRead => Type is ProblemTypes.PreconditionFailed or ProblemTypes.ConcurrencyConflict or ProblemTypes.TransitionNotAvailable;

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

    public static ProblemException PreconditionFailed(string detail, int? currentVersion = null) =>
        new(StatusCodes.Status412PreconditionFailed, ProblemTypes.PreconditionFailed, "Precondition failed", detail,
            currentVersion is { } version ? new Dictionary<string, object?> { ["currentVersion"] = version } : null);

    public static ProblemException PreconditionRequired(string detail) =>
        new(StatusCodes.Status428PreconditionRequired, ProblemTypes.PreconditionRequired, "Precondition required", detail);

    /// <summary>An <c>Idempotency-Key</c> sent again with a different request.</summary>
    public static ProblemException IdempotencyKeyReused(string key) =>
        new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
            "Idempotency key reused", $"Idempotency-Key '{key}' was already used for a different request.");

    /// <summary>An upload whose content is none of the accepted file types, or an Office package that is not sound.</summary>
    public static ProblemException UnsupportedFileType(string detail) =>
        new(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported file type", detail);

    /// <summary>A change to a published form version: versions never change, a new one is uploaded instead.</summary>
    public static ProblemException FormVersionPublished(string key, int version) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.FormVersionPublished, "Form version published",
            $"Form {key} v{version} is published and versions never change; upload a new version as a draft.");

    /// <summary>A publish of a version with a declared template whose bytes were never uploaded (or found in the forms folder).</summary>
    public static ProblemException FormTemplatesMissing(string key, int version, IReadOnlyCollection<string> kinds) =>
        new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.FormTemplatesMissing, "Templates missing",
            $"Form {key} v{version} declares templates without a file for {string.Join(", ", kinds.Select(k => $"'{k}'"))}; " +
            $"upload each with PUT /api/forms/{key}/versions/{version}/templates/{{kind}} before publishing.",
            new Dictionary<string, object?> { ["kinds"] = kinds });

    /// <summary>A template upload for an attachment kind whose definition declares no template.</summary>
    public static ProblemException NoTemplateDeclared(string key, int version, string kind) =>
        new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.NoTemplateDeclared, "No template declared",
            $"Attachment kind '{kind}' of form {key} v{version} declares no template; name one (\"template\": \"templates/….xlsx\") in a new draft.");

    /// <summary>An Office package (DOCX, XLSX) that unpacks beyond the limits.</summary>
    public static ProblemException PackageTooLarge(string detail) =>
        new(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge, "Package unpacks too large", detail);

    /// <summary>A request body of another media type than the endpoint reads.</summary>
    public static ProblemException UnsupportedMediaType(string detail) =>
        new(StatusCodes.Status415UnsupportedMediaType, ProblemTypes.UnsupportedMediaType, "Unsupported media type", detail);

    /// <summary>A multipart/form-data body that cannot be read.</summary>
    public static ProblemException MalformedMultipart(string reason) =>
        new(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "Malformed multipart body",
            $"The multipart/form-data body cannot be read: {reason}");

    public static ProblemException UriTooLong(int bytes, int limit) =>
        new(StatusCodes.Status414UriTooLong, ProblemTypes.UriTooLong, "URI too long",
            $"The request line is {bytes} bytes; the limit is {limit} bytes.");

    public static ProblemException HeadersTooLarge(int bytes, int limit) =>
        new(StatusCodes.Status431RequestHeaderFieldsTooLarge, ProblemTypes.HeadersTooLarge,
            "Request headers too large", $"The request headers are {bytes} bytes; the limit is {limit} bytes.");

    /// <summary>The rate limiter refused the request; the caller may retry after the given seconds.</summary>
    public static ProblemException TooManyRequests(int retryAfterSeconds) =>
        new(StatusCodes.Status429TooManyRequests, ProblemTypes.TooManyRequests, "Too many requests",
            $"Too many attempts from this address. Retry after {retryAfterSeconds} seconds.",
            new Dictionary<string, object?> { [RetryAfterExtension] = retryAfterSeconds });

    /// <summary>The seconds to wait before retrying, on a 429; the handler also sends them as <c>Retry-After</c>.</summary>
    public const string RetryAfterExtension = "retryAfter";

    /// <summary>A 422 listing every error of a workflow definition, each with its JSON path.</summary>
    public static ProblemException WorkflowInvalid(IEnumerable<(string Path, string Message)> errors)
    {
        var list = errors.ToList();
        return new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.WorkflowInvalid,
            "The workflow definition is invalid", $"{list.Count} problem(s): " + string.Join(" ", list.Select(e => $"{e.Path}: {e.Message}")),
            new Dictionary<string, object?> { ["errors"] = list.Select(e => new { path = e.Path, message = e.Message }).ToList() });
    }

    /// <summary>A 422 listing every error of a form definition, each with its JSON path.</summary>
    public static ProblemException FormInvalid(IEnumerable<YangFan.Benchmarks.Forms.FormError> errors)
    {
        var list = errors.ToList();
        return new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.FormInvalid,
            "The form definition is invalid", $"{list.Count} problem(s): " + string.Join(" ", list.Select(e => $"{e.Path}: {e.Message}")),
            new Dictionary<string, object?> { ["errors"] = list.Select(e => new { path = e.Path, message = e.Message }).ToList() });
    }

    /// <summary>
    /// A 400 for content that does not fit its form: <c>errors</c> maps the JSON Pointer of each value in the request
    /// body (<paramref name="root"/> + the pointer in the content) to English messages, as every validation error
    /// does, and <c>messages</c> gives each pointer's messages in Chinese and English for pages to show.
    /// </summary>
    public static ProblemException ContentInvalid(string root, IReadOnlyList<YangFan.Benchmarks.Forms.ContentError> errors)
    {
        var byPointer = errors.GroupBy(e => root + e.Pointer).ToList();
        return new(StatusCodes.Status400BadRequest, ProblemTypes.Validation, "One or more fields are invalid.",
            string.Join(" ", byPointer.SelectMany(g => g.Select(e => $"{g.Key}: {e.Message.En}"))),
            new Dictionary<string, object?>
            {
                ["errors"] = byPointer.ToDictionary(g => g.Key, g => g.Select(e => e.Message.En).ToArray()),
                // Typed, so a page that sent the command reads them as they are: Dictionary<string, LocalizedText[]>.
                ["messages"] = byPointer.ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            });
    }

    /// <summary>The expert has a conflict of interest with the application; each rule that applies, with its reason.</summary>
    public static ProblemException ConflictOfInterest(IReadOnlyCollection<(string Rule, string Reason)> conflicts) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.ConflictOfInterest, "Conflict of interest",
            string.Join(" ", conflicts.Select(c => c.Reason)),
            new Dictionary<string, object?> { ["rules"] = conflicts.Select(c => new { rule = c.Rule, reason = c.Reason }).ToList() });

    public static ProblemException CapacityReached(int load) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.CapacityReached, "Capacity reached",
            $"The expert already holds {load} assignments in this call, their maximum.");

    /// <summary>Automatic assignment would now write another plan than the dry run the administrator confirmed.</summary>
    public static ProblemException AssignmentPlanChanged() =>
        new(StatusCodes.Status409Conflict, ProblemTypes.AssignmentPlanChanged, "The assignment plan changed",
            "Applications, experts or assignments changed since the dry run: its plan no longer holds. Nothing was assigned; run the dry run again.");

    /// <summary>Automatic assignment cannot give every application enough reviewers; <paramref name="uncovered"/> says which and why.</summary>
    public static ProblemException AssignmentInfeasible<T>(IReadOnlyCollection<T> uncovered, Func<T, string> describe) =>
        new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.AssignmentInfeasible, "Not every application can be covered",
            $"{uncovered.Count} application(s) cannot get enough reviewers: " + string.Join(" ", uncovered.Select(describe)),
            new Dictionary<string, object?> { ["uncovered"] = uncovered });

    /// <summary>
    /// The problem for a trigger the workflow runtime refused: 409 dedicated-endpoint (naming the endpoint to use),
    /// transition-not-available, guards-unmet (or a guard's own type, e.g. the target ceiling, with the unmet guards)
    /// or conflict; 403 for a role that may not fire it; 400 on <c>comment</c> when one is required.
    /// </summary>
    public static ProblemException Refused(WorkflowHost.TransitionRefusal refusal) => refusal.Kind switch
    {
        WorkflowHost.RefusalKind.DedicatedEndpoint =>
            new(StatusCodes.Status409Conflict, refusal.ProblemType, "Use the dedicated endpoint", refusal.Reason,
                new Dictionary<string, object?> { ["trigger"] = refusal.Trigger, ["endpoint"] = refusal.Dedicated!.Endpoint }),
        WorkflowHost.RefusalKind.RoleNotAllowed => Forbidden(refusal.Reason),
        WorkflowHost.RefusalKind.CommentRequired => Invalid("comment", refusal.Reason),
        WorkflowHost.RefusalKind.GuardsUnmet =>
            new(StatusCodes.Status409Conflict, refusal.ProblemType,
                refusal.ProblemType switch
                {
                    ProblemTypes.TargetCeilingReached => "Target ceiling reached",
                    ProblemTypes.RecommenderQuotaReached => "Recommendation quota reached",
                    ProblemTypes.RecommendationDeadlinePassed => "Recommendation deadline passed",
                    _ => "Conditions not met",
                },
                refusal.Reason,
                new Dictionary<string, object?>
                {
                    ["state"] = refusal.State,
                    ["trigger"] = refusal.Trigger,
                    ["unmetGuards"] = refusal.UnmetGuards.Select(g => new { name = g.Name, description = g.Description }).ToList(),
                }.Concat((refusal.Findings ?? []).SelectMany(f => f.Facts)).ToDictionary()),
        _ => Conflict(refusal.Reason, refusal.ProblemType),
    };

    /// <summary>
    /// An authority's quota set below the recommendations it has already made in the call: the change would leave them
    /// over quota. Carries the authority, what it has used and the quota asked for.
    /// </summary>
    public static ProblemException AuthorityQuotaBelowUsed(string field, RecommendingAuthority authority, int used, int quota) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.AuthorityQuotaBelowUsed, "Quota below recommendations made",
            $"{authority} has already recommended {used} application(s) in this call; its quota cannot be set to {quota}.",
            new Dictionary<string, object?> { ["field"] = field, ["authority"] = authority.Key, ["used"] = used, ["quota"] = quota });

    /// <summary>
    /// A change of an authority's ranking after the call's recommendation deadline: the order handed in stands. Carries
    /// the deadline.
    /// </summary>
    public static ProblemException RankingClosed(DateTimeOffset deadline) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.RankingClosed, "Ranking closed",
            $"The call's recommendation deadline passed at {deadline:O}; the ranking no longer changes.",
            new Dictionary<string, object?> { ["deadline"] = deadline });

    /// <summary>
    /// A ranking that does not name exactly the applications standing as the authority's recommendations: one was
    /// recommended, returned or withdrawn since the order was read, or an id is not one of them. Carries both lists.
    /// </summary>
    public static ProblemException RankingMismatch(IReadOnlyCollection<Guid> missing, IReadOnlyCollection<Guid> unexpected) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.RankingMismatch, "Not the recommended applications",
            "Rank each application that stands as the authority's recommendation in the call exactly once: "
            + $"{missing.Count} missing, {unexpected.Count} not among them. Read the ranking again.",
            new Dictionary<string, object?> { ["missing"] = missing, ["unexpected"] = unexpected });

    /// <summary>A sign-in refused, for whatever reason: one answer, so that an outsider learns nothing about accounts.</summary>
    public static ProblemException InvalidCredentials() =>
        Unauthorized(ProblemTypes.InvalidCredentials, "Sign-in failed",
            "The e-mail address or password is incorrect, or there were too many failed attempts. Try again later.");

    public static ProblemException InvalidRefreshToken() =>
        Unauthorized(ProblemTypes.InvalidRefreshToken, "Invalid refresh token", "The refresh token is unknown, expired or revoked. Sign in again.");

    public static ProblemException RefreshTokenReused() =>
        Unauthorized(ProblemTypes.RefreshTokenReused, "Refresh token reused",
            "This refresh token was already used. Every token of this sign-in has been revoked; sign in again.");

    /// <summary>A password reset with a token that is unknown, expired, already used or replaced by a newer one: one answer for all.</summary>
    public static ProblemException PasswordResetInvalid() =>
        new(StatusCodes.Status400BadRequest, ProblemTypes.PasswordResetInvalid, "Password reset link not valid",
            "The password reset link is unknown, has expired (links last one hour), was already used, or a newer one was sent. "
            + "Ask for a new link: POST /api/auth/password-reset.");

    /// <summary>A field that only a dedicated endpoint changes.</summary>
    public static ProblemException FieldLocked(string field, string endpoint, string why) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.DedicatedEndpoint, "Use the dedicated endpoint",
            $"'{field}' cannot be changed here. {why}: {endpoint}.",
            new Dictionary<string, object?> { ["field"] = field, ["endpoint"] = endpoint });

    /// <summary>An organisation registered nationally cannot submit until an administrator sets its province.</summary>
    public static ProblemException ProvinceNotSet(Guid organisationId) =>
        Conflict("The organisation's credit code was registered nationally, so it names no province. An administrator must set the province "
            + $"(PUT /api/organisations/{organisationId}/province) before the organisation can submit.", ProblemTypes.ProvinceNotSet);

    /// <summary>A registration whose credit code is already registered: the person may file a claim on that organisation instead.</summary>
    public static ProblemException CreditCodeRegistered(string creditCode, Guid organisationId) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.CreditCodeRegistered, "Credit code already registered",
            $"An organisation with credit code {creditCode} is already registered. If it is yours, register without an organisation "
            + "and file a claim with your business licence and authorisation letter: POST /api/organisation-claims.",
            new Dictionary<string, object?> { ["organisationId"] = organisationId, ["claimEndpoint"] = "/api/organisation-claims" });

    /// <summary>Only the organisation's owner does this (invite, remove, hand on ownership).</summary>
    public static ProblemException NotOrganisationOwner() =>
        new(StatusCodes.Status403Forbidden, ProblemTypes.NotOrganisationOwner, "Only the owner may do this",
            "Only the organisation's owner invites, removes members and transfers ownership.");

    /// <summary>Verification asked for before both the business licence and the authorisation letter were uploaded.</summary>
    public static ProblemException VerificationDocumentsMissing(IEnumerable<string> missing) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.VerificationDocumentsMissing, "Documents missing",
            "Upload the business licence and the authorisation letter before asking for verification; missing: " + string.Join(", ", missing) + ".",
            new Dictionary<string, object?> { ["missing"] = missing.ToList() });

    /// <summary>An administrator verifies or refuses an organisation that is not in the queue.</summary>
    public static ProblemException VerificationNotAwaiting(VerificationStatus status) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.VerificationNotAwaiting, "Not awaiting review",
            $"The organisation is not awaiting verification (it is {status}).",
            new Dictionary<string, object?> { ["verification"] = status.ToString() });

    public static ProblemException InvitationExpired() =>
        new(StatusCodes.Status409Conflict, ProblemTypes.InvitationExpired, "Invitation expired",
            "The invitation has expired or was withdrawn. Ask the organisation's owner for a new one.");

    public static ProblemException InvitationUsed() =>
        new(StatusCodes.Status409Conflict, ProblemTypes.InvitationUsed, "Invitation already used", "The invitation has already been accepted.");

    public static ProblemException InvitationForAnotherAddress() =>
        new(StatusCodes.Status403Forbidden, ProblemTypes.InvitationForAnotherAddress, "Invitation for another address",
            "The invitation was sent to another e-mail address; only that address can accept it.");

    public static ProblemException AlreadyInOrganisation() =>
        new(StatusCodes.Status409Conflict, ProblemTypes.AlreadyInOrganisation, "Already in an organisation",
            "The account already belongs to an organisation; a person belongs to one organisation at a time.");

    /// <summary>Only a message the sender gave up on goes back to the outbox; a pending one is still tried, a sent one arrived.</summary>
    public static ProblemException EmailNotFailed(YangFan.Benchmarks.Domain.Mail.OutgoingEmailStatus status) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.EmailNotFailed, "E-mail not failed",
            $"Only a failed e-mail can be retried; this one is {status}.", new Dictionary<string, object?> { ["emailStatus"] = status.ToString() });

    public static ProblemException ClaimDecided(ClaimStatus status) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.ClaimDecided, "Claim already decided",
            $"The claim was already decided ({status}).");

    /// <summary>A mail preference names an event that sends no e-mail.</summary>
    public static ProblemException MailEventUnknown(string name) =>
        new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.MailEventUnknown, "Unknown mail event",
            $"'{name}' is no event that sends e-mail; GET /api/me/mail-preferences lists them.",
            new Dictionary<string, object?> { ["event"] = name });

    /// <summary>A user tries to turn off an e-mail they must receive (a credential, a decision about their own application, a task only they do).</summary>
    public static ProblemException MailEventMandatory(string name) =>
        new(StatusCodes.Status422UnprocessableEntity, ProblemTypes.MailEventMandatory, "This e-mail cannot be turned off",
            $"The e-mail for '{name}' is always sent: it carries a credential, a decision about your own application or organisation, or a task only you can do.",
            new Dictionary<string, object?> { ["event"] = name });

    public static ProblemException AssignmentConflicted() =>
        Conflict("A conflict of interest with the applicant ended this assignment: the review can no longer be "
            + "written or changed, and a review already written does not count.", ProblemTypes.AssignmentConflicted);

    /// <summary>
    /// An expert asks for an assigned application's content, attachments or review before confirming that they have
    /// no conflict of interest with it (回避); the answer names the endpoint that confirms.
    /// </summary>
    public static ProblemException ConflictConfirmationRequired(Guid assignmentId)
    {
        var endpoint = $"/api/assignments/{assignmentId}/confirm-no-conflict";
        return new(StatusCodes.Status409Conflict, ProblemTypes.ConflictConfirmationRequired, "Confirm there is no conflict of interest first",
            $"Confirm that you have no conflict of interest with the applicant (POST {endpoint}), or declare one or decline, "
            + "before reading the application or reviewing it.",
            new Dictionary<string, object?> { ["assignmentId"] = assignmentId, ["confirmEndpoint"] = endpoint });
    }

    /// <summary>A draft saved over a review already submitted: a submitted review is revised, never taken back to a draft.</summary>
    public static ProblemException ReviewSubmitted(Guid assignmentId) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.ReviewSubmitted, "Review already submitted",
            $"The review has been submitted; revise it with PUT /api/assignments/{assignmentId}/review until the round closes.",
            new Dictionary<string, object?> { ["reviseEndpoint"] = $"/api/assignments/{assignmentId}/review" });

    /// <summary>An expert asks for the other experts' reviews when the workflow does not show them, or before submitting their own.</summary>
    public static ProblemException OtherReviewsHidden(string why) =>
        new(StatusCodes.Status403Forbidden, ProblemTypes.OtherReviewsHidden, "Other reviews are not shown", why);

    /// <summary>A single-field validation failure found by a handler (e.g. a reference to unknown data).</summary>
    public static ProblemException Invalid(string field, string message) =>
        new(StatusCodes.Status400BadRequest, ProblemTypes.Validation, "One or more fields are invalid.", message,
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } });

    /// <summary>An address already holds the most objections to one notice that it may (open, or awaiting their code).</summary>
    public static ProblemException ObjectionLimitReached(int limit) =>
        new(StatusCodes.Status409Conflict, ProblemTypes.ObjectionLimitReached, "Objection limit reached",
            $"This e-mail address already holds {limit} objections to this notice that are open or awaiting their code; " +
            "no more are accepted from it until one is resolved or its code expires.",
            new Dictionary<string, object?> { ["limit"] = limit });

    /// <summary>A confirmation code that is not the one e-mailed; the objection stays unconfirmed.</summary>
    public static ProblemException ObjectionCodeWrong(int attemptsLeft) =>
        new(StatusCodes.Status400BadRequest, ProblemTypes.ObjectionCodeWrong, "Wrong code",
            $"The code is not the one e-mailed for this objection; {attemptsLeft} more attempts before it stops working.",
            new Dictionary<string, object?> { ["attemptsLeft"] = attemptsLeft });

    /// <summary>A confirmation code sent after it expired: the objection never counted and no longer can.</summary>
    public static ProblemException ObjectionCodeExpired() =>
        new(StatusCodes.Status409Conflict, ProblemTypes.ObjectionCodeExpired, "Code expired",
            "The code for this objection has expired; the objection was not confirmed. Submit it again to receive a new code.");

    /// <summary>Too many wrong codes: the code no longer confirms the objection, even the right one.</summary>
    public static ProblemException ObjectionCodeAttemptsExhausted() =>
        new(StatusCodes.Status409Conflict, ProblemTypes.ObjectionCodeAttemptsExhausted, "Too many wrong codes",
            "Too many wrong codes were tried for this objection; its code no longer works. Submit it again to receive a new code.");
}
