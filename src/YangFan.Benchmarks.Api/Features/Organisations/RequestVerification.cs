using Mediator;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// A member hands the organisation's documents in for checking: it joins the administrators' queue. Both documents
/// must be uploaded; after a refusal, the member may upload new ones and ask again.
/// </summary>
public static class RequestVerification
{
    public sealed record Command(Guid OrganisationId) : ICommand<VerificationView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit, TimeProvider time) : ICommandHandler<Command, VerificationView>
    {
        public async ValueTask<VerificationView> Handle(Command command, CancellationToken ct)
        {
            var organisation = await Memberships.LoadAsMemberAsync(db, user, command.OrganisationId, ct);
            if (organisation.Verification is VerificationStatus.AwaitingReview or VerificationStatus.Verified)
                throw ProblemException.Conflict($"The organisation is already {organisation.Verification}; there is nothing to ask for.");
            var documents = await OrganisationDocuments.CurrentAsync(db, organisation.Id, ct);
            if (OrganisationDocuments.Missing(documents) is { Count: > 0 } missing)
                throw ProblemException.VerificationDocumentsMissing(missing);
            await db.LockAsync(organisation, ct);
            organisation.Verification = VerificationStatus.AwaitingReview;
            organisation.VerificationRequestedAt = time.GetUtcNow();
            audit.Record("organisation.verification-requested", "Organisation", organisation.Id,
                new { documents = documents.Select(d => new { d.Id, d.Kind, d.Sha256 }) });
            return VerificationView.From(organisation, documents);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/verification/request", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id), ct)))
            .WithName("RequestOrganisationVerification")
            .WithSummary("Hands the uploaded business licence and authorisation letter in for an administrator to check (members).")
            .WithProblems(401, 404, 409);
}
