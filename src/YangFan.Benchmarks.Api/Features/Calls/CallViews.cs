using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Calls;

/// <summary>A call for applications as the public and administrators see it.</summary>
public sealed record CallView(Guid Id, string ProgrammeKey, int Year, int Batch, string TitleZh, string TitleEn,
    DateTimeOffset OpensAt, DateTimeOffset ClosesAt, string Status, IReadOnlyList<string> Sectors, int? RecommenderQuota,
    string WorkflowKey, int? WorkflowVersion, string FormKey, int? FormVersion, int Version, DateTimeOffset? RecommendationDeadline)
{
    public static CallView From(Call c) => new(c.Id, c.ProgrammeKey, c.Year, c.Batch, c.TitleZh, c.TitleEn, c.OpensAt, c.ClosesAt,
        c.Status, c.Sectors.Select(s => s.SectorCode).Order().ToList(), c.RecommenderQuota, c.WorkflowKey,
        c.WorkflowVersion, c.FormKey, c.FormVersion, c.Version, c.RecommendationDeadline);
}

public static class CallAccess
{
    /// <summary>Calls in a state tagged listed (open and closed ones) are public; the others are for administrators.</summary>
    public static async Task<Call> LoadAsync(AppDbContext db, WorkflowLibrary workflows, ICurrentUser user, Guid id, CancellationToken ct)
    {
        var call = await db.Calls.Include(c => c.Sectors).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (call is null || (user.Role != Roles.Admin && !await workflows.HasTagAsync(call, StateTags.Listed, ct)))
            throw ProblemException.NotFound("The call");
        return call;
    }
}
