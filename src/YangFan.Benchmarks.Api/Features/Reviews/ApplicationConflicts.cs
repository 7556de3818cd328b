using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class ApplicationConflicts
{
    public sealed record Query(Guid ApplicationId) : IQuery<IReadOnlyList<ExcludedExpert>>;

    /// <summary>An expert who may not review the application, and every rule that excludes them.</summary>
    public sealed record ExcludedExpert(Guid ExpertId, string ExpertName, IReadOnlyList<RuleView> Rules);

    public sealed record RuleView(string Rule, string Reason);

    public sealed class Handler(AppDbContext db, ReviewFacts facts) : IQueryHandler<Query, IReadOnlyList<ExcludedExpert>>
    {
        public async ValueTask<IReadOnlyList<ExcludedExpert>> Handle(Query query, CancellationToken ct)
        {
            var application = await db.Applications.FirstOrDefaultAsync(a => a.Id == query.ApplicationId, ct)
                ?? throw ProblemException.NotFound("The application");
            var (_, review) = await facts.ReviewBlockAsync(application, ct);
            var applicationFacts = await facts.ApplicationAsync(application, ct);
            var experts = await facts.ExpertsAsync(null, ct);
            var names = await db.Users.Where(u => u.Role == Roles.Expert).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
            return experts
                .Select(e => (e, conflicts: ConflictRules.Find(e, applicationFacts, review.AvoidSameProvince)))
                .Where(x => x.conflicts.Count > 0)
                .Select(x => new ExcludedExpert(x.e.Id, names[x.e.Id], x.conflicts.Select(c => new RuleView(c.Rule.ToString(), c.Reason)).ToList()))
                .OrderBy(x => x.ExpertName).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/applications/{id:guid}/conflicts", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("ListApplicationConflicts")
            .WithSummary("Experts excluded from reviewing the application, and why (admin only).")
            .WithProblems(401, 403, 404, 409);
}
