using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

public static class AddNationalBodyMembership
{
    /// <summary>The national body (as named in recommender accounts) the organisation belongs to.</summary>
    public sealed record Body(string NationalBody);

    public sealed record Command(Guid OrganisationId, string NationalBody) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.NationalBody).NotEmpty().MaximumLength(200);
    }

    public sealed class Handler(AppDbContext db, AuditTrail audit, TimeProvider time) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            if (!await db.Organisations.AnyAsync(o => o.Id == command.OrganisationId, ct))
                throw ProblemException.NotFound("The organisation");
            var body = command.NationalBody.Trim();
            if (await db.NationalBodyMemberships.AnyAsync(m => m.NationalBody == body && m.OrganisationId == command.OrganisationId, ct))
                return Unit.Value;
            db.NationalBodyMemberships.Add(new NationalBodyMembership { NationalBody = body, OrganisationId = command.OrganisationId, CreatedAt = time.GetUtcNow() });
            audit.Record("organisation.membership-added", "Organisation", command.OrganisationId, new { nationalBody = body });
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/memberships", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(id, body.NationalBody), ct);
                return TypedResults.NoContent();
            })
            .WithName("AddNationalBodyMembership")
            .WithSummary("Records that an organisation is a member of a national recommending body (admin only).")
            .WithProblems(401, 403, 404);
}
