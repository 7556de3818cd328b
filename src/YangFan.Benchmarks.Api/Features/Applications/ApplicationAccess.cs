using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>
/// Who may see an application: administrators; the applicant organisation's members; recommenders whose
/// jurisdiction covers it, once it has been submitted; experts reviewing it. Everyone else gets the same 404 as for a missing application.
/// </summary>
public static class ApplicationAccess
{
    /// <summary>The version (and ETag) the caller sees: applicants do not see the steps hidden from them.</summary>
    public static int VersionFor(ICurrentUser user, Application application) =>
        StateMask.Applies(user) ? application.ShownVersion : application.Version;

    /// <summary>
    /// The application, tracked, if the caller may see it (the rule of <see cref="VisibleAsync"/>); else 404. An expert
    /// who has not yet confirmed having no conflict of interest gets 409 <c>conflict-confirmation-required</c> instead
    /// (<see cref="RequireConfirmedAsync"/>): everything that loads one application for its caller shows its content.
    /// </summary>
    public static async Task<Application> LoadVisibleAsync(AppDbContext db, ICurrentUser user, Guid applicationId, CancellationToken ct)
    {
        if (user.Id is null)
            throw ProblemException.NotFound("The application");
        var visible = await VisibleAsync(db, user, db.Applications, ct);
        var application = await visible.FirstOrDefaultAsync(a => a.Id == applicationId, ct) ?? throw ProblemException.NotFound("The application");
        await RequireConfirmedAsync(db, user, application, ct);
        return application;
    }

    /// <summary>
    /// The application and its call, both tracked, in one query, if the caller may see the application; else 404. For
    /// whatever runs the application's workflow, whose guards read the call.
    /// </summary>
    public static async Task<Application> LoadVisibleWithCallAsync(AppDbContext db, ICurrentUser user, Guid applicationId, CancellationToken ct)
    {
        if (user.Id is null)
            throw ProblemException.NotFound("The application");
        var visible = await VisibleAsync(db, user, db.Applications, ct);
        var found = await visible.Where(a => a.Id == applicationId)
            .Join(db.Calls, a => a.CallId, c => c.Id, (a, c) => new { Application = a, Call = c })
            .FirstOrDefaultAsync(ct) ?? throw ProblemException.NotFound("The application");
        await RequireConfirmedAsync(db, user, found.Application, ct);
        return found.Application;
    }

    /// <summary>
    /// Conflict confirmation before content (回避): an expert sees an assigned application's title and (outside a blind
    /// review) its organisation's name in their assignments, and nothing more until they confirm having no conflict of
    /// interest with it. Refuses with the assignment to confirm; other callers pass with no statement.
    /// </summary>
    public static async Task RequireConfirmedAsync(AppDbContext db, ICurrentUser user, Application application, CancellationToken ct)
    {
        if (user.Role != Roles.Expert)
            return;
        var me = user.RequireId();
        var unconfirmed = await db.Assignments.Where(s => s.ApplicationId == application.Id && s.ExpertId == me && s.Round == application.ReviewRound
                && AssignmentStatuses.Holding.Contains(s.Status) && s.ConfirmedAt == null)
            .Select(s => (Guid?)s.Id).FirstOrDefaultAsync(ct);
        if (unconfirmed is { } assignmentId)
            throw ProblemException.ConflictConfirmationRequired(assignmentId);
    }

    /// <summary>
    /// The one rule, as a query to compose: the applications the caller may see, filtered in the database (for one
    /// application, listings and notifications about applications).
    /// </summary>
    public static async Task<IQueryable<Application>> VisibleAsync(AppDbContext db, ICurrentUser user, IQueryable<Application> applications,
        CancellationToken ct)
    {
        var me = user.RequireId();
        switch (user.Role)
        {
            case Roles.Admin:
                return applications;
            case Roles.Applicant:
                var organisationId = await user.OrganisationIdAsync(db, ct);
                return applications.Where(a => a.OrganisationId == organisationId);
            case Roles.Recommender:
                // Recommenders see what has been submitted to them, never drafts.
                return await Jurisdiction.CoveredAsync(db, me, applications.Where(a => a.SubmittedAt != null), ct);
            case Roles.Expert:
                return applications.Where(a => db.Assignments.Any(s => s.ApplicationId == a.Id && s.ExpertId == me
                    && s.Round == a.ReviewRound && AssignmentStatuses.Holding.Contains(s.Status)));
            default:
                return applications.Where(_ => false);
        }
    }

    /// <summary>
    /// Whether the caller reviews blind: an expert on a workflow whose review is blind must not learn the applicant,
    /// from the application or from its attachments.
    /// </summary>
    public static bool IsBlindFor(ICurrentUser user, YangFan.Benchmarks.Workflows.CompiledWorkflow workflow) =>
        user.Role == Roles.Expert && workflow.Review()?.Blind == true;

    public static Actor ActorFor(ICurrentUser user) => new(user.Id, user.Role ?? "", AuditChannels.Api);
}

/// <summary>An application: its workflow state and its programme-specific content.</summary>
/// <remarks><c>organisationId</c> is null for experts when the workflow's review is blind.</remarks>
public sealed record ApplicationView(Guid Id, Guid CallId, Guid? OrganisationId, string ProgrammeKey, string? SectorCode, string Title,
    string WorkflowKey, int WorkflowVersion, string State, DateTimeOffset StateEnteredAt, DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt, System.Text.Json.JsonElement Content, int Version)
{
    public static ApplicationView From(Application a)
    {
        using var content = System.Text.Json.JsonDocument.Parse(a.Content);
        return new(a.Id, a.CallId, a.OrganisationId, a.ProgrammeKey, a.SectorCode, a.Title, a.WorkflowKey, a.WorkflowVersion, a.State,
            a.StateEnteredAt, a.CreatedAt, a.SubmittedAt, content.RootElement.Clone(), a.Version);
    }

    /// <summary>
    /// The application as the caller may see it. Applicants see a staged decision as the state it is shown as, and
    /// the time and version of the last step they can see; experts in a blind review see no organisation.
    /// </summary>
    public static ApplicationView For(ICurrentUser user, Application a, YangFan.Benchmarks.Workflows.CompiledWorkflow workflow)
    {
        var view = From(a);
        if (StateMask.Applies(user))
            return view with { State = StateMask.Shown(workflow, a.State), StateEnteredAt = a.ShownStateEnteredAt, Version = a.ShownVersion };
        // Blind review: the expert judges the work, not who did it.
        if (ApplicationAccess.IsBlindFor(user, workflow))
            return view with { OrganisationId = null };
        return view;
    }
}
