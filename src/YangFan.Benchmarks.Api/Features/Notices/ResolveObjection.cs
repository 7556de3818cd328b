using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Mail;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Features.Notices;

public static class ResolveObjection
{
    public enum Outcome { Dismissed, Sustained }

    /// <summary>The outcome and why.</summary>
    public sealed record Body(Outcome Outcome, string Reason);

    public sealed record Command(Guid Id, Body Body) : ICommand<ObjectionView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.Outcome).IsInEnum().OverridePropertyName("outcome");
            RuleFor(c => c.Body.Reason).NotEmpty().MinimumLength(10).MaximumLength(2000).OverridePropertyName("reason");
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime, AuditTrail audit, Outbox outbox, TimeProvider time)
        : ICommandHandler<Command, ObjectionView>
    {
        public async ValueTask<ObjectionView> Handle(Command command, CancellationToken ct)
        {
            // An unconfirmed objection is not one yet: administrators neither see nor resolve it.
            var objection = await db.Objections.FirstOrDefaultAsync(o => o.Id == command.Id && o.Status != ObjectionStatus.Unconfirmed, ct)
                ?? throw ProblemException.NotFound("The objection");
            if (objection.Status != ObjectionStatus.Open)
                throw ProblemException.Conflict($"The objection was already {objection.Status.ToString().ToLowerInvariant()}.");
            var now = time.GetUtcNow();
            objection.Status = command.Body.Outcome == Outcome.Sustained ? ObjectionStatus.Sustained : ObjectionStatus.Dismissed;
            objection.Resolution = command.Body.Reason.Trim();
            objection.ResolvedAt = now;
            objection.ResolvedBy = user.Id;
            await db.SaveChangesAsync(ct);

            var application = await db.Applications.FirstAsync(a => a.Id == objection.ApplicationId, ct);
            var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
            if (workflow.HasTag(application.State, StateTags.InNotice))
            {
                if (objection.Status == ObjectionStatus.Sustained)
                    (await runtime.FireDedicatedAsync(application, DedicatedTriggers.SustainObjection, ApplicationAccess.ActorFor(user), objection.Resolution, ct)).ThrowIfRefused();
                else
                {
                    // An entry that waited past the notice's end for this objection moves on now, if nothing else is open.
                    var notice = await db.Notices.AsNoTracking().FirstAsync(n => n.Id == objection.NoticeId, ct);
                    var stillOpen = await db.Objections.AnyAsync(o => o.ApplicationId == application.Id && o.Status == ObjectionStatus.Open, ct);
                    // What the notice's end fires is the trigger of the in-notice state's timer.
                    if (now >= notice.EndsAt && !stillOpen && workflow.State(application.State).Timer is { } end)
                        (await runtime.FireAsync(application, end.Trigger, Actor.System(AuditChannels.Api), null, null, ct)).ThrowIfRefused();
                }
            }
            if (objection.Email is { } email)
                outbox.Write(new MailRecipient(email, objection.Language), MailEvents.ObjectionResolved, objection.Id, new ObjectionResolvedMail(
                    objection.ReceiptNumber, await ObjectionCodes.EntryNameAsync(db, objection.ApplicationId, ct),
                    OutcomeText(objection.Status, objection.Language), objection.Resolution ?? ""));
            audit.Record($"objection.{objection.Status.ToString().ToLowerInvariant()}", "Application", application.Id, new { objection.Id, command.Body.Reason });
            await db.SaveChangesAsync(ct);
            return ObjectionView.From(objection, await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => u.DisplayName).FirstOrDefaultAsync(ct));
        }
    }

    /// <summary>The outcome in the objector's language, as the e-mail names it.</summary>
    private static string OutcomeText(ObjectionStatus status, string language) => (status, language == Outbox.English) switch
    {
        (ObjectionStatus.Sustained, true) => "upheld: the entry is removed from the list",
        (ObjectionStatus.Sustained, false) => "异议成立，该对象不列入正式名单",
        (_, true) => "dismissed: the entry stays on the list",
        (_, false) => "异议不成立，该对象继续列入名单",
    };

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/resolve", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body), ct)))
            .WithName("ResolveObjection")
            .WithSummary("Dismisses or sustains a confirmed objection; sustained rejects the application and releases its slot. The objector is e-mailed the outcome and the reason (admin only).")
            .WithProblems(401, 403, 404, 409);
}
