using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// The programme's ceiling (per sector where its target is per sector), counted across every call. Exact under
/// concurrency, across API processes too: the count is taken under a database-wide lock held until commit.
/// </summary>
public sealed class WithinTargetGuard : IWorkflowGuard
{
    public string Name => "within-target";
    public string Description => "The programme's national ceiling still has room (per sector where the target is per sector).";
    public string? ProblemType => Infrastructure.ProblemTypes.TargetCeilingReached;

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var programme = await c.Db.Programmes.AsNoTracking().FirstAsync(p => p.Key == c.Application.ProgrammeKey, ct);
        if (programme.MaxTarget is not { } ceiling)
            return true;
        var perSector = programme.TargetScope == Domain.Reference.TargetScope.PerSector;
        var sector = perSector ? c.Application.SectorCode : null;
        if (c.Db.Provider == DatabaseProvider.Postgres)
            await c.Db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"target/" + programme.Key + "/" + sector}, 0))", ct);
        // States tagged holds-target-slot: shortlisting reserves a slot; rejection, withdrawal or a sustained objection release it.
        var holding = await c.Workflows.ApplicationsTaggedAsync(StateTags.HoldsTargetSlot, ct);
        var held = await c.Db.Applications.Where(holding).CountAsync(a => a.ProgrammeKey == programme.Key && a.Id != c.Application.Id
            && (!perSector || a.SectorCode == sector), ct);
        return held < ceiling;
    }
}
