using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>A request to change an organisation's registered name, and what became of it.</summary>
public sealed record RenameRequestView(Guid Id, Guid OrganisationId, string CreditCode, string CurrentName, string RequestedName, string Status,
    DateTimeOffset RequestedAt, DateTimeOffset? DecidedAt, string? DecisionReason)
{
    public static RenameRequestView From(OrganisationRenameRequest r, string creditCode) => new(r.Id, r.OrganisationId, creditCode, r.CurrentName,
        r.RequestedName, r.Status.ToString(), r.RequestedAt, r.DecidedAt, r.DecisionReason);
}

/// <summary>
/// An organisation's member asks for its registered name to be changed (e.g. after a change registered with the
/// market regulator). Nothing changes until an administrator approves; one request may be pending at a time.
/// </summary>
public static class RequestRename
{
    public const string Endpoint = "POST /api/organisations/{id}/rename-requests";

    /// <summary>The new registered name, as on the business licence.</summary>
    public sealed record Body(string Name);

    public sealed record Command(Guid OrganisationId, string Name) : ICommand<RenameRequestView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Name).NotEmpty().MaximumLength(200).OverridePropertyName("name");
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit, TimeProvider time) : ICommandHandler<Command, RenameRequestView>
    {
        public async ValueTask<RenameRequestView> Handle(Command command, CancellationToken ct)
        {
            var organisation = await OrganisationEndpoints.LoadVisibleAsync(db, user, command.OrganisationId, ct);
            var name = command.Name.Trim();
            if (name == organisation.Name)
                throw ProblemException.Invalid("name", "This is already the organisation's name.");
            if (await db.OrganisationRenameRequests.AnyAsync(r => r.OrganisationId == organisation.Id && r.Status == RenameRequestStatus.Pending, ct))
                throw ProblemException.Duplicate("A rename request for this organisation is already waiting for an administrator.");
            var request = new OrganisationRenameRequest
            {
                Id = Guid.NewGuid(), OrganisationId = organisation.Id, CurrentName = organisation.Name, RequestedName = name,
                Status = RenameRequestStatus.Pending, RequestedBy = user.RequireId(), RequestedAt = time.GetUtcNow(),
            };
            db.OrganisationRenameRequests.Add(request);
            audit.Record("organisation.rename-requested", "Organisation", organisation.Id, new { requestId = request.Id, from = organisation.Name, to = name });
            return RenameRequestView.From(request, organisation.CreditCode);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/rename-requests", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
            {
                var request = await sender.Send(new Command(id, body.Name), ct);
                return TypedResults.Created($"/api/organisations/{id}/rename-requests", request);
            })
            .WithName("RequestOrganisationRename")
            .WithSummary("Asks for the organisation's registered name to be changed; an administrator approves or refuses (members and administrators).")
            .WithProblems(401, 404, 409);
}
