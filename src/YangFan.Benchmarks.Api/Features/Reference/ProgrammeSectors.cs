using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Features.Reference;

/// <summary>
/// Whether a programme's calls open sectors and its applications name one: those whose target is counted per sector
/// (<c>targetScope</c> in seeds/programmes.json). The programme's data says so, never its key or its workflow.
/// </summary>
public static class ProgrammeSectors
{
    public static Task<bool> RequiredAsync(AppDbContext db, string programmeKey, CancellationToken ct) =>
        db.Programmes.AsNoTracking().AnyAsync(p => p.Key == programmeKey && p.TargetScope == TargetScope.PerSector, ct);
}
