using FluentValidation;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class ExpertEndpoints
{
    public static void MapExpertEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/experts").WithTags("Experts").RequireAuthorization(Policies.Admin);
        ListExperts.Map(group);
        UpdateExpert.Map(group);
        DeclareExpertConflict.Map(group);
        WithdrawExpertConflict.Map(group);
    }

    public static async Task<ExpertView> ViewAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var expert = await db.Users.AsNoTracking().Include(u => u.ExpertSectors).FirstOrDefaultAsync(u => u.Id == id && u.Role == Roles.Expert, ct)
            ?? throw ProblemException.NotFound("The expert");
        var conflicts = await db.ExpertConflicts.AsNoTracking().Where(c => c.ExpertId == id).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        var active = await db.Assignments.CountAsync(a => a.ExpertId == id && a.Status == AssignmentStatus.Assigned, ct);
        return From(expert, conflicts, active);
    }

    public static ExpertView From(AppUser e, IEnumerable<ExpertConflict> conflicts, int active) => new(e.Id, e.Email!, e.DisplayName,
        e.AffiliationCreditCode, e.ExpertProvinceCode, e.ExpertSectors.Select(s => s.SectorCode).Order().ToList(), e.MaxAssignmentsPerCall,
        e.ExpertActive, e.IsDisabled, conflicts.Select(c => new DeclaredConflictView(c.CreditCode, c.Reason, c.CreatedAt)).ToList(), active);
}
