using FluentValidation;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class AssignmentEndpoints
{
    public static void MapAssignmentEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api").WithTags("Expert review").RequireAuthorization(Policies.Admin);
        ApplicationConflicts.Map(admin);
        AssignExpert.Map(admin);
        ListAssignments.Map(admin);
        ListCallAssignments.Map(admin);
        RemoveAssignment.Map(admin);
        ReassignAssignment.Map(admin);
        AutomaticAssignment.Map(admin);
        Ranking.Map(admin);
        var expert = app.MapGroup("/api").WithTags("Expert review").RequireAuthorization(p => p.RequireRole(Roles.Expert));
        MyAssignments.Map(expert);
        GetMyAssignment.Map(expert);
        ConfirmNoConflict.Map(expert);
        SaveReviewDraft.Map(expert);
        SubmitReview.Map(expert);
        ListOtherReviews.Map(expert);
        LeaveAssignment.Map(expert);
    }

    public static async Task<string> ExpertNameAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == id).Select(u => u.DisplayName).FirstAsync(ct);
}
