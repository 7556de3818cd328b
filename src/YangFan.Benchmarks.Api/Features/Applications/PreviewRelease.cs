using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>
/// What <see cref="ReleaseDecisions"/> would release now, without releasing it: the call's staged decisions, counted by
/// where the workflow's <c>release</c> takes each (a state tagged <c>in-notice</c>: to public notice; otherwise a rejection).
/// </summary>
public static class PreviewRelease
{
    public sealed record Query(Guid CallId) : IQuery<Preview>;

    /// <summary>How many staged decisions a release would release now, and how many of them go to public notice or are rejections.</summary>
    public sealed record Preview(int Staged, int ToPublicNotice, int Rejected);

    public sealed class Handler(AppDbContext db, WorkflowLibrary workflows) : IQueryHandler<Query, Preview>
    {
        public async ValueTask<Preview> Handle(Query query, CancellationToken ct)
        {
            if (!await db.Calls.AnyAsync(c => c.Id == query.CallId, ct))
                throw ProblemException.NotFound("The call");
            var staged = await db.Applications.AsNoTracking().Where(a => a.CallId == query.CallId)
                .Where(await workflows.ApplicationsInAsync(w => w.Definition.States.Where(s => s.VisibleAs is not null).Select(s => s.Name), ct))
                .GroupBy(a => new { a.WorkflowKey, a.WorkflowVersion, a.State })
                .Select(g => new { g.Key.WorkflowKey, g.Key.WorkflowVersion, g.Key.State, Count = g.Count() }).ToListAsync(ct);
            int notice = 0, rejected = 0;
            foreach (var group in staged)
            {
                var workflow = await workflows.CompiledAsync(group.WorkflowKey, group.WorkflowVersion, ct);
                var to = workflow.TransitionsFrom(group.State).FirstOrDefault(t => t.Trigger == DedicatedTriggers.Release.Trigger)?.To;
                if (to is not null && workflow.HasTag(to, StateTags.InNotice))
                    notice += group.Count;
                else
                    rejected += group.Count;
            }
            return new Preview(notice + rejected, notice, rejected);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/calls/{id:guid}/decisions/release-preview", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithTags("Decisions")
            .WithName("PreviewReleaseDecisions")
            .WithSummary("What releasing the call's decisions would release now: how many staged decisions go to public notice and how many are rejections (admin only).")
            .WithProblems(401, 403, 404);
}
