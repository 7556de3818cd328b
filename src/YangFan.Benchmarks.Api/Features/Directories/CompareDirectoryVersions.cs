using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Directories;

/// <summary>
/// How version B of a call's directory differs from version A: entries in force in B but not in A (added), in force in A
/// but not in B (removed; a revoked entry keeps its reason), and in force in both (unchanged).
/// </summary>
public sealed record DirectoryComparison(DirectorySummary A, DirectorySummary B, IReadOnlyList<DirectoryEntryView> Added,
    IReadOnlyList<DirectoryEntryView> Removed, IReadOnlyList<DirectoryEntryView> Unchanged);

public static class CompareDirectoryVersions
{
    public sealed record Query(Guid A, Guid B) : IQuery<DirectoryComparison>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, DirectoryComparison>
    {
        public async ValueTask<DirectoryComparison> Handle(Query query, CancellationToken ct)
        {
            var a = await DirectoryEndpoints.LoadAsync(db, query.A, ct);
            var b = await DirectoryEndpoints.LoadAsync(db, query.B, ct);
            if (a.CallId != b.CallId)
                throw ProblemException.Invalid("b", "Must be a version of the same call's directory as a.");
            var inA = a.Entries.Where(e => !e.Revoked).Select(e => e.ApplicationId).ToHashSet();
            var inB = b.Entries.Where(e => !e.Revoked).Select(e => e.ApplicationId).ToHashSet();
            // A removed entry is shown as B has it (revoked, with the reason) or, if B no longer lists it at all, as A had it.
            var bByApplication = b.Entries.ToDictionary(e => e.ApplicationId);
            static List<DirectoryEntryView> Ordered(IEnumerable<DirectoryEntry> entries) =>
                entries.OrderBy(e => e.CreditCode, StringComparer.Ordinal).ThenBy(e => e.ApplicationId).Select(DirectoryEndpoints.View).ToList();
            return new DirectoryComparison(DirectoryEndpoints.Summary(a), DirectoryEndpoints.Summary(b),
                Ordered(b.Entries.Where(e => !e.Revoked && !inA.Contains(e.ApplicationId))),
                Ordered(a.Entries.Where(e => !e.Revoked && !inB.Contains(e.ApplicationId)).Select(e => bByApplication.GetValueOrDefault(e.ApplicationId) ?? e)),
                Ordered(b.Entries.Where(e => !e.Revoked && inA.Contains(e.ApplicationId))));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/compare", async (Guid a, Guid b, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(a, b), ct)))
            .WithName("CompareDirectoryVersions")
            .WithSummary("Entries added, removed (with the revocation reason) and unchanged from version a to version b of one call's directory.")
            .WithProblems(400, 404);
}
