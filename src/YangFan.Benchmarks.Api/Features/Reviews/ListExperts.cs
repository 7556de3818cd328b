using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class ListExperts
{
    public sealed record Query(string? Sector, string? Province) : IQuery<IReadOnlyList<ExpertView>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<ExpertView>>
    {
        public async ValueTask<IReadOnlyList<ExpertView>> Handle(Query query, CancellationToken ct)
        {
            var experts = db.Users.AsNoTracking().Include(u => u.ExpertSectors).Where(u => u.Role == Roles.Expert);
            if (query.Sector is { } sector) experts = experts.Where(u => u.ExpertSectors.Any(s => s.SectorCode == sector));
            if (query.Province is { } province) experts = experts.Where(u => u.ExpertProvinceCode == province);
            var list = await experts.OrderBy(u => u.Email).ToListAsync(ct);
            var ids = list.Select(e => e.Id).ToList();
            var conflicts = (await db.ExpertConflicts.AsNoTracking().Where(c => ids.Contains(c.ExpertId)).ToListAsync(ct)).ToLookup(c => c.ExpertId);
            var load = await db.Assignments.Where(a => ids.Contains(a.ExpertId) && a.Status == AssignmentStatus.Assigned)
                .GroupBy(a => a.ExpertId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            return list.Select(e => ExpertEndpoints.From(e, conflicts[e.Id], load.GetValueOrDefault(e.Id))).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, string? sector = null, string? province = null) =>
                TypedResults.Ok(await sender.Send(new Query(sector, province), ct)))
            .WithName("ListExperts")
            .WithSummary("Experts with their profile, capacity, declared conflicts and open assignments (admin only).")
            .WithProblems(401, 403);
}
