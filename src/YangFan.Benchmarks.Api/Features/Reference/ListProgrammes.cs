using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Reference;

public static class ListProgrammes
{
    /// <summary>
    /// A selection programme with its national target; a null bound means the plan sets none. With
    /// <c>severalPerOrganisation</c> an organisation may hand in several applications to one call (a supplier's solutions).
    /// </summary>
    public sealed record ProgrammeView(string Key, string NameZh, string NameEn, string? Description,
        string TargetScope, int? MinTarget, int? MaxTarget, bool SeveralPerOrganisation);

    public sealed record Query : IQuery<IReadOnlyList<ProgrammeView>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<ProgrammeView>>
    {
        public async ValueTask<IReadOnlyList<ProgrammeView>> Handle(Query query, CancellationToken ct)
        {
            var programmes = await db.Programmes.AsNoTracking().OrderBy(p => p.SortOrder).ToListAsync(ct);
            return programmes
                .Select(p => new ProgrammeView(p.Key, p.NameZh, p.NameEn, p.Description,
                    p.TargetScope == Domain.Reference.TargetScope.PerSector ? "per-sector" : "programme", p.MinTarget, p.MaxTarget,
                    p.SeveralPerOrganisation))
                .ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/programmes", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListProgrammes")
            .WithSummary("The selection programmes and their national targets.");
}
