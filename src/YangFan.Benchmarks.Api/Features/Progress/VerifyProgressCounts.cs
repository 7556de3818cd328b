using System.Data;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Progress;

public static class VerifyProgressCounts
{
    public sealed record Query : IQuery<Result>;

    /// <summary>Whether the maintained progress counts equal a count over the applications, and where they differ.</summary>
    /// <param name="Consistent">True when every bucket's maintained count equals its recount.</param>
    /// <param name="Buckets">How many buckets (programme, sector, workflow version, state) hold applications.</param>
    /// <param name="Differences">The buckets whose counts differ.</param>
    public sealed record Result(bool Consistent, int Buckets, IReadOnlyList<Difference> Differences);

    public sealed record Difference(string ProgrammeKey, string? SectorCode, string WorkflowKey, int WorkflowVersion, string State,
        long Maintained, long Recounted);

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken ct)
        {
            // One snapshot for both reads, so that a change committed in between is in both or in neither.
            await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            var maintained = await ProgressCounts.ReadAsync(db, ct);
            var recounted = await ProgressCounts.RecountAsync(db, ct);
            static ProgressCounts.Bucket Key(ProgressCounts.Bucket b) => b with { Count = 0 };
            var mine = maintained.ToDictionary(Key, b => b.Count);
            var theirs = recounted.ToDictionary(Key, b => b.Count);
            var differences = mine.Keys.Union(theirs.Keys)
                .Select(k => new Difference(k.ProgrammeKey, k.SectorCode, k.WorkflowKey, k.WorkflowVersion, k.State,
                    mine.GetValueOrDefault(k), theirs.GetValueOrDefault(k)))
                .Where(d => d.Maintained != d.Recounted)
                .ToList();
            return new Result(differences.Count == 0, theirs.Count, differences);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/progress/verify", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithTags("Progress")
            .WithName("VerifyProgressCounts")
            .WithSummary("Compares the maintained progress counts with a count over the applications (admin only).")
            .WithProblems(401, 403);
}
