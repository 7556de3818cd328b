using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// An administrator verifies an organisation awaiting review against its documents, or refuses with a reason the
/// members read; both audited with the documents checked. A verified organisation may submit.
/// </summary>
public static class DecideVerification
{
    /// <summary>The reason: required to refuse (what is wrong with the documents), optional to verify.</summary>
    public sealed record Body(string? Reason);

    public sealed record Command(Guid OrganisationId, bool Verify, string? Reason) : ICommand<VerificationView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Reason).MaximumLength(500).OverridePropertyName("reason");
            RuleFor(c => c.Reason).NotEmpty().MinimumLength(4).When(c => !c.Verify).OverridePropertyName("reason");
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit, TimeProvider time, Api.Mail.Notifier notifier) : ICommandHandler<Command, VerificationView>
    {
        public async ValueTask<VerificationView> Handle(Command command, CancellationToken ct)
        {
            var organisation = await db.Organisations.FindAsync([command.OrganisationId], ct) ?? throw ProblemException.NotFound("The organisation");
            await db.LockAsync(organisation, ct);
            if (organisation.Verification != VerificationStatus.AwaitingReview)
                throw ProblemException.VerificationNotAwaiting(organisation.Verification);
            var documents = await OrganisationDocuments.CurrentAsync(db, organisation.Id, ct);
            var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
            organisation.Verification = command.Verify ? VerificationStatus.Verified : VerificationStatus.Refused;
            organisation.VerificationDecidedBy = user.RequireId();
            organisation.VerificationDecidedAt = time.GetUtcNow();
            organisation.VerificationReason = reason;
            audit.Record(command.Verify ? "organisation.verified" : "organisation.verification-refused", "Organisation", organisation.Id,
                new { reason, documents = documents.Select(d => new { d.Id, d.Kind, d.Sha256 }) });
            await notifier.VerificationDecidedAsync(organisation, command.Verify, reason, ct);
            return VerificationView.From(organisation, documents);
        }
    }

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/verification/verify", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, true, body.Reason), ct)))
            .WithName("VerifyOrganisation")
            .WithSummary("Verifies an organisation awaiting review against its documents (admin only, audited).")
            .WithProblems(401, 403, 404, 409);
        group.MapPost("/{id:guid}/verification/refuse", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, false, body.Reason), ct)))
            .WithName("RefuseOrganisationVerification")
            .WithSummary("Refuses an organisation's verification with the reason its members read (admin only, audited).")
            .WithProblems(401, 403, 404, 409);
    }
}
