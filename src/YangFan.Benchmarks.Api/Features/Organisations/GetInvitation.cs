using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>What the holder of an invitation token may know before accepting: who invites, which address, and whether it still holds.</summary>
public static class GetInvitation
{
    /// <summary>The invitation as its holder sees it; <c>status</c> is Pending, Accepted, Revoked or Expired.</summary>
    public sealed record InvitationSummary(string OrganisationName, string CreditCode, string Email, string Status, DateTimeOffset ExpiresAt);

    public sealed record Query(string Token) : IQuery<InvitationSummary>;

    public sealed class Handler(AppDbContext db, TimeProvider time) : IQueryHandler<Query, InvitationSummary>
    {
        public async ValueTask<InvitationSummary> Handle(Query query, CancellationToken ct)
        {
            var hash = SecretTokens.Hash(query.Token);
            var found = await (from i in db.OrganisationInvitations.AsNoTracking()
                               join o in db.Organisations.AsNoTracking() on i.OrganisationId equals o.Id
                               where i.TokenHash == hash
                               select new { i, o.Name, o.CreditCode }).FirstOrDefaultAsync(ct)
                ?? throw ProblemException.NotFound("The invitation");
            return new InvitationSummary(found.Name, found.CreditCode, found.i.Email, InvitationTokens.Status(found.i, time.GetUtcNow()), found.i.ExpiresAt);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{token:maxlength(100)}", async (string token, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(token), ct)))
            .AllowAnonymous()
            .WithMetadata(NoStore.Instance)
            .WithName("GetInvitation")
            .WithSummary("The organisation and address an invitation token is for, and whether it can still be accepted (anyone holding the token).")
            .WithProblems(404);
}
