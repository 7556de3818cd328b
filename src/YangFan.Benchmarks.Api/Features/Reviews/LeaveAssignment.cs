using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class LeaveAssignment
{
    /// <summary>Why the expert declines, or what the conflict of interest is.</summary>
    public sealed record Body(string Reason);

    public sealed record Command(Guid AssignmentId, string Reason, bool Conflict) : ICommand<MyAssignmentView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().MinimumLength(4).MaximumLength(500);
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, ReviewFacts facts, ConflictedAssignments conflicted, AuditTrail audit,
        TimeProvider time, Api.Mail.Notifier notifier) : ICommandHandler<Command, MyAssignmentView>
    {
        public async ValueTask<MyAssignmentView> Handle(Command command, CancellationToken ct)
        {
            if (command.Conflict)
                await conflicted.SerialiseAsync(user.RequireId(), ct);
            var (assignment, application) = await OwnAssignment.LoadAsync(db, user, command.AssignmentId, ct);
            if (assignment.Status != AssignmentStatus.Assigned)
                throw ProblemException.Conflict($"Only an open assignment can be left; this one is {assignment.Status}.");
            var now = time.GetUtcNow();
            assignment.Status = command.Conflict ? AssignmentStatus.ConflictDeclared : AssignmentStatus.Declined;
            assignment.EndedAt = now;
            assignment.EndedReason = command.Reason.Trim();
            if (command.Conflict)
            {
                // Kept, so the automatic assigner never proposes this expert for the organisation again.
                var code = await db.Organisations.Where(o => o.Id == application.OrganisationId).Select(o => o.CreditCode).FirstAsync(ct);
                if (!await db.ExpertConflicts.AnyAsync(c => c.ExpertId == assignment.ExpertId && c.CreditCode == code, ct))
                    db.ExpertConflicts.Add(new ExpertConflict { ExpertId = assignment.ExpertId, CreditCode = code, Reason = assignment.EndedReason, CreatedAt = now });
                // The expert's other open assignments with the organisation end too, reviewed or not.
                await conflicted.EndAsync(assignment.ExpertId, code, assignment.EndedReason, ct);
            }
            audit.Record(command.Conflict ? "assignment.conflict-declared" : "assignment.declined", "Application", application.Id,
                new { assignment.Id, reason = assignment.EndedReason });
            // The administrators find a replacement. A declared conflict that left the round short has told them already
            // (ConflictedAssignments); otherwise this does, naming the expert and the reason, which only they read.
            var told = db.ChangeTracker.Entries<Notification>().Any(n => n.State == EntityState.Added && n.Entity.ApplicationId == application.Id
                && n.Entity.RecipientRole == Roles.Admin);
            if (!told)
            {
                var expert = await AssignmentEndpoints.ExpertNameAsync(db, assignment.ExpertId, ct);
                await notifier.ApplicationAsync(application, Roles.Admin, command.Conflict
                        ? $"Expert {expert} declared a conflict of interest with this application ({assignment.EndedReason}); the slot needs a replacement reviewer."
                        : $"Expert {expert} declined this application's review ({assignment.EndedReason}); the slot needs a replacement reviewer.",
                    Api.Mail.MailEvents.ReviewerNeeded, assignment.EndedReason, ct);
            }
            await db.SaveChangesAsync(ct);
            return await OwnAssignment.ViewAsync(facts, assignment, application, ct);
        }
    }

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/assignments/{id:guid}/decline", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.Reason, Conflict: false), ct)))
            .WithName("DeclineAssignment")
            .WithSummary("The expert declines the assignment, before or after confirming no conflict; the slot reopens and the administrators are told.")
            .WithProblems(401, 403, 404, 409);
        group.MapPost("/assignments/{id:guid}/conflict", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.Reason, Conflict: true), ct)))
            .WithName("DeclareAssignmentConflict")
            .WithSummary("The expert declares a conflict of interest (回避), before or after confirming none: the assignment ends, the reason is kept, "
                + "the slot reopens and the administrators are told.")
            .WithProblems(401, 403, 404, 409);
    }
}
