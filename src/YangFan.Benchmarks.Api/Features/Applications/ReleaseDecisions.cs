using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Mail;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class ReleaseDecisions
{
    public sealed record Command(Guid CallId) : ICommand<Result>;

    /// <summary>How many staged decisions were released.</summary>
    public sealed record Result(int Released, int ToPublicNotice, int Rejected);

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime, CallLifecycle lifecycle, AuditTrail audit,
        TimeProvider time, Api.Mail.Notifier notifier) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken ct)
        {
            var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == command.CallId, ct)
                ?? throw ProblemException.NotFound("The call");
            await lifecycle.RequireStartedAsync(call, "it has no decisions to release", ct);
            var applications = await db.Applications.Where(a => a.CallId == command.CallId).OrderBy(a => a.Id).ToListAsync(ct);
            int notice = 0, rejected = 0;
            Notice? opened = null;
            foreach (var application in applications)
            {
                var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
                if (!StateMask.IsStaged(workflow, application.State))
                    continue;
                // The reason given when the rejection was staged is what the applicant reads once it is released.
                var reason = await db.WorkflowHistory.Where(h => h.ApplicationId == application.Id && h.ToState == application.State)
                    .OrderByDescending(h => h.Sequence).Select(h => h.Comment).FirstOrDefaultAsync(ct);
                (await runtime.FireDedicatedAsync(application, DedicatedTriggers.Release, ApplicationAccess.ActorFor(user), reason, ct)).ThrowIfRefused();
                if (!workflow.HasTag(application.State, StateTags.InNotice))
                {
                    // Released here rather than by a workflow effect: the reason is the staged one, read above.
                    await notifier.ApplicationAsync(application, Roles.Applicant, "Your application was not selected.", MailEvents.Rejected, reason, ct);
                    rejected++;
                    continue;
                }
                notice++;
                // One public notice per release, as long as the workflow's notice block says (default 7 days).
                if (opened is null)
                {
                    var now = time.GetUtcNow();
                    opened = new Notice { Id = Guid.NewGuid(), CallId = command.CallId, StartsAt = now, EndsAt = now.AddDays(workflow.Notice()?.Days ?? 7) };
                    db.Notices.Add(opened);
                }
                opened.Entries.Add(new NoticeEntry { NoticeId = opened.Id, ApplicationId = application.Id });
                // Here, because the notice and its end exist only once the command opened it.
                await notifier.EnteredNoticeAsync(application, opened, ct);
            }
            audit.Record("decisions.released", "Call", command.CallId, new { notice, rejected });
            return new Result(notice + rejected, notice, rejected);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/calls/{id:guid}/decisions/release", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithTags("Decisions")
            .WithName("ReleaseDecisions")
            .WithSummary("Releases every staged decision of a call at once: shortlisted ones enter public notice, rejections become visible (admin only).")
            .WithProblems(401, 403, 404, 409);
}
