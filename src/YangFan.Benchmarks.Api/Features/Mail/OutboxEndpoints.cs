using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.Api.Features.Mail;

/// <summary>The administrators' view of the e-mail outbox: what was sent, what waits, what failed and why.</summary>
public static class OutboxEndpoints
{
    public static void MapOutboxEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/outbox").WithTags("Outbox").RequireAuthorization(Policies.Admin);
        ListOutbox.Map(group);
        SummariseOutbox.Map(group);
        RetryOutgoingEmail.Map(group);
    }
}

/// <summary>
/// An outgoing e-mail as administrators see it: who, what, and how delivery went. Never its body, which can hold a
/// password-reset link or an objection's confirmation code.
/// </summary>
public sealed record OutgoingEmailView(Guid Id, string Recipient, string Language, string Subject, string Event, string? Template,
    Guid? SourceId, OutgoingEmailStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt,
    DateTimeOffset? NextAttemptAt, string? LastError, DateTimeOffset? SentAt)
{
    public static readonly System.Linq.Expressions.Expression<Func<OutgoingEmail, OutgoingEmailView>> FromRow = e =>
        new OutgoingEmailView(e.Id, e.Recipient, e.Language, e.Subject, e.Event, e.Template, e.SourceId, e.Status, e.Attempts,
            e.CreatedAt, e.LastAttemptAt, e.NextAttemptAt, e.LastError, e.SentAt);

    private static readonly Func<OutgoingEmail, OutgoingEmailView> Compiled = FromRow.Compile();

    public static OutgoingEmailView From(OutgoingEmail email) => Compiled(email);
}
