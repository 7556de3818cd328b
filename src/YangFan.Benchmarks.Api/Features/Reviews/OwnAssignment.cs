using System.Text.Json;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>Loads the caller's own assignment; any other id looks missing.</summary>
internal static class OwnAssignment
{
    public static async Task<(Assignment Assignment, Application Application)> LoadAsync(AppDbContext db, ICurrentUser user, Guid id, CancellationToken ct)
    {
        var applicationId = await db.Assignments.Where(a => a.Id == id && a.ExpertId == user.RequireId()).Select(a => (Guid?)a.ApplicationId)
            .FirstOrDefaultAsync(ct) ?? throw ProblemException.NotFound("The assignment");
        // Reviews of one application are written one at a time, so the last of N parallel reviews always sees the
        // others and the automatic transition cannot be missed.
        await db.LockRowAsync<Application>(applicationId, ct);
        var assignment = await db.Assignments.FirstAsync(a => a.Id == id, ct);
        return (assignment, await db.Applications.FirstAsync(a => a.Id == applicationId, ct));
    }

    public static async Task<MyAssignmentView> ViewAsync(ReviewFacts facts, Assignment a, Application application, CancellationToken ct)
    {
        var (_, review) = await facts.ReviewBlockAsync(application, ct);
        return new MyAssignmentView(a.Id, a.ApplicationId, application.Title, application.ProgrammeKey, application.SectorCode, a.Round, a.Status.ToString(),
            a.DueAt, a.Late, a.SubmittedAt, a.Scores is null ? null : JsonSerializer.Deserialize<Dictionary<string, decimal>>(a.Scores),
            a.Comment, a.Recommendation,
            review.Criteria.Select(c => new CriterionView(c.Key, c.Title?.Zh, c.Title?.En, c.Weight, c.Max)).ToList(), a.Version);
    }
}
