using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Calls;

public static class ListCalls
{
    public sealed record Query(string? Programme) : IQuery<IReadOnlyList<CallView>>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowLibrary workflows) : IQueryHandler<Query, IReadOnlyList<CallView>>
    {
        public async ValueTask<IReadOnlyList<CallView>> Handle(Query query, CancellationToken ct)
        {
            var calls = db.Calls.AsNoTracking().Include(c => c.Sectors).AsQueryable();
            if (user.Role != Roles.Admin)
                calls = calls.Where(await workflows.CallsTaggedAsync(StateTags.Listed, ct));
            if (query.Programme is not null)
                calls = calls.Where(c => c.ProgrammeKey == query.Programme);
            var list = await calls.OrderByDescending(c => c.Year).ThenByDescending(c => c.Batch).ThenBy(c => c.ProgrammeKey).ToListAsync(ct);
            return list.Select(CallView.From).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, string? programme = null) =>
                TypedResults.Ok(await sender.Send(new Query(programme), ct)))
            .AllowAnonymous()
            .WithName("ListCalls")
            .WithSummary("Calls for applications: open and closed ones for everyone, all of them for administrators.");
}
