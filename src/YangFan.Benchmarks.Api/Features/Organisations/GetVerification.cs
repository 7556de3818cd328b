using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// Where an organisation's verification stands, with the documents that count now. <c>status</c> is DocumentsMissing,
/// AwaitingReview, Verified or Refused; <c>reason</c> the administrator's (always given for a refusal); <c>missing</c>
/// the kinds still to upload before verification can be asked for.
/// </summary>
public sealed record VerificationView(Guid OrganisationId, string Name, string CreditCode, string Status, string? Reason,
    DateTimeOffset? RequestedAt, DateTimeOffset? DecidedAt, IReadOnlyList<OrganisationDocumentView> Documents, IReadOnlyList<string> Missing)
{
    public static VerificationView From(Organisation o, IReadOnlyList<OrganisationDocument> documents) => new(o.Id, o.Name, o.CreditCode,
        o.Verification.ToString(), o.VerificationReason, o.VerificationRequestedAt, o.VerificationDecidedAt,
        documents.Select(OrganisationDocumentView.From).ToList(), OrganisationDocuments.Missing(documents));
}

public static class GetVerification
{
    public sealed record Query(Guid OrganisationId) : IQuery<VerificationView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IQueryHandler<Query, VerificationView>
    {
        public async ValueTask<VerificationView> Handle(Query query, CancellationToken ct)
        {
            var organisation = await OrganisationEndpoints.LoadVisibleAsync(db, user, query.OrganisationId, ct);
            return VerificationView.From(organisation, await OrganisationDocuments.CurrentAsync(db, organisation.Id, ct));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/verification", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetOrganisationVerification")
            .WithSummary("The organisation's verification: status, the administrator's reason, the current documents (members and administrators).")
            .WithProblems(401, 404);
}
