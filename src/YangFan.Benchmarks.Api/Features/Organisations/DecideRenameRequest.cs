using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// An administrator approves a pending rename request, which renames the organisation, or refuses it; either way
/// with a reason, audited. Applications already submitted keep the name they were submitted under (ADR 0013).
/// </summary>
public static class DecideRenameRequest
{
    /// <summary>Why the request is approved (e.g. the licence was checked) or refused.</summary>
    public sealed record Body(string Reason);

    public sealed record Command(Guid RequestId, bool Approve, string Reason) : ICommand<RenameRequestView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().MinimumLength(4).MaximumLength(500).OverridePropertyName("reason");
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit, TimeProvider time) : ICommandHandler<Command, RenameRequestView>
    {
        public async ValueTask<RenameRequestView> Handle(Command command, CancellationToken ct)
        {
            var request = await db.OrganisationRenameRequests.FirstOrDefaultAsync(r => r.Id == command.RequestId, ct)
                ?? throw ProblemException.NotFound("The rename request");
            if (request.Status != RenameRequestStatus.Pending)
                throw ProblemException.Conflict($"The rename request was already {request.Status.ToString().ToLowerInvariant()}.");
            var organisation = await db.Organisations.FirstAsync(o => o.Id == request.OrganisationId, ct);
            var reason = command.Reason.Trim();
            request.Status = command.Approve ? RenameRequestStatus.Approved : RenameRequestStatus.Refused;
            request.DecidedBy = user.RequireId();
            request.DecidedAt = time.GetUtcNow();
            request.DecisionReason = reason;
            if (command.Approve)
            {
                var from = organisation.Name;
                organisation.Name = request.RequestedName;
                audit.Record("organisation.renamed", "Organisation", organisation.Id, new { requestId = request.Id, from, to = request.RequestedName, reason });
            }
            else
                audit.Record("organisation.rename-refused", "Organisation", organisation.Id, new { requestId = request.Id, requested = request.RequestedName, reason });
            return RenameRequestView.From(request, organisation.CreditCode);
        }
    }

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/approve", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, true, body.Reason), ct)))
            .WithName("ApproveRenameRequest")
            .WithSummary("Approves a pending rename request: the organisation takes the new name for its future submissions (admin only, audited).")
            .WithProblems(401, 403, 404, 409);
        group.MapPost("/{id:guid}/refuse", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, false, body.Reason), ct)))
            .WithName("RefuseRenameRequest")
            .WithSummary("Refuses a pending rename request, with the reason (admin only, audited).")
            .WithProblems(401, 403, 404, 409);
    }
}
