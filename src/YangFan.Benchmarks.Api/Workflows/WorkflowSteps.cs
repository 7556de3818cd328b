using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Workflows;

/// <summary>Who fires a trigger: a signed-in user in their role, or the engine itself as System.</summary>
public sealed record Actor(Guid? Id, string Role, string Channel)
{
    public static Actor System(string channel) => new(null, WorkflowCatalog.SystemRole, channel);
}

/// <summary>What a guard or effect sees: the application, its call, who acts, and the database.</summary>
public sealed record StepContext(AppDbContext Db, Application Application, Call Call, Actor Actor, CompiledWorkflow Workflow, TimeProvider Time);

/// <summary>A named condition a definition can put on a transition.</summary>
public interface IWorkflowGuard
{
    string Name { get; }
    string Description { get; }
    Type? ArgumentsType => null;

    /// <summary>A problem type more specific than guards-unmet for when this guard refuses, if any.</summary>
    string? ProblemType => null;
    ValueTask<bool> HoldsAsync(StepContext context, object? arguments, CancellationToken ct);
}

/// <summary>A named action a definition can attach to a transition; runs in the transition's transaction.</summary>
public interface IWorkflowEffect
{
    string Name { get; }
    string Description { get; }
    Type? ArgumentsType => null;
    ValueTask ApplyAsync(StepContext context, object? arguments, CancellationToken ct);
}

public sealed class CallOpenGuard : IWorkflowGuard
{
    public string Name => "call-open";
    public string Description => "The call for applications is open.";

    public ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var now = c.Time.GetUtcNow();
        // The closing time counts even before the close timer has fired.
        return ValueTask.FromResult(c.Call.Status == CallStatus.Open && c.Call.OpensAt <= now && now < c.Call.ClosesAt);
    }
}

public sealed class RecommenderCoversApplicantGuard : IWorkflowGuard
{
    public string Name => "recommender-covers-applicant";
    public string Description => "The recommender's jurisdiction covers the applicant's province.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        if (c.Actor.Role != Roles.Recommender || c.Actor.Id is not { } id)
            return false;
        return await Jurisdiction.CoversAsync(c.Db, id, c.Application, ct);
    }
}

public sealed class ReviewsCompleteGuard : IWorkflowGuard
{
    public string Name => "reviews-complete";
    public string Description => "The minimum number of expert reviews of the current round is in.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var minimum = c.Workflow.Definition.Review?.MinReviewers ?? 1;
        var submitted = await c.Db.Assignments.CountAsync(r =>
            r.ApplicationId == c.Application.Id && r.Round == c.Application.ReviewRound && r.Status == AssignmentStatus.Submitted, ct);
        return submitted >= minimum;
    }
}

public sealed class ContentCompleteGuard : IWorkflowGuard
{
    public string Name => "content-complete";
    public string Description => "Every field the programme requires for submission is filled in.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        if (c.Application.ProgrammeKey == "demonstration-benchmark" && c.Application.SectorCode is null)
            return false;
        var content = Features.Applications.ApplicationContent.Read(c.Application.ProgrammeKey, c.Application.Content);
        return (await Features.Applications.ApplicationContent.CheckAsync(c.Application.ProgrammeKey, content, complete: true, ct)).Count == 0;
    }
}

public sealed class RequiredAttachmentsGuard : IWorkflowGuard
{
    public string Name => "required-attachments";
    public string Description => "Every attachment kind the call requires has been uploaded.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        if (c.Call.RequiredAttachmentKinds.Count == 0)
            return true;
        var present = await c.Db.Attachments.Where(a => a.ApplicationId == c.Application.Id).Select(a => a.Kind).Distinct().ToListAsync(ct);
        return c.Call.RequiredAttachmentKinds.All(present.Contains);
    }
}

/// <summary>
/// The call's per-recommender quota. Holds exactly under concurrency: the count is taken under a lock per call and
/// recommender that is held until the recommending transaction commits, so racing requests for the last slot queue
/// and only the first succeeds.
/// </summary>
public sealed class WithinRecommenderQuotaGuard : IWorkflowGuard
{
    public string Name => "within-recommender-quota";
    public string Description => "The recommender has recommendations left in this call's quota.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        if (c.Call.RecommenderQuota is not { } quota)
            return true;
        if (c.Actor.Id is not { } recommender)
            return false;
        if (c.Db.Provider == DatabaseProvider.Postgres)
            await c.Db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({"quota/" + c.Call.Id + "/" + recommender}, 0))", ct);
        var used = await c.Db.Applications.CountAsync(a => a.CallId == c.Call.Id && a.RecommendedBy == recommender, ct);
        return used < quota;
    }
}

/// <summary>Where an application counts toward its programme's national target.</summary>
public static class Targets
{
    /// <summary>States that hold a slot: shortlisting reserves it, rejection, withdrawal or a sustained objection release it.</summary>
    public static readonly string[] SelectedStates = ["Shortlisted", "PublicNotice", "Approved", "Published"];
}

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
        var held = await c.Db.Applications.CountAsync(a => a.ProgrammeKey == programme.Key && a.Id != c.Application.Id
            && (!perSector || a.SectorCode == sector) && Targets.SelectedStates.Contains(a.State), ct);
        return held < ceiling;
    }
}

public sealed class NoOpenObjectionsGuard : IWorkflowGuard
{
    public string Name => "no-open-objections";
    public string Description => "No objection to the application's public-notice entry is still unresolved.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct) =>
        !await c.Db.Objections.AnyAsync(o => o.ApplicationId == c.Application.Id && o.Status == ObjectionStatus.Open, ct);
}

/// <summary>
/// Records the submission and fixes what the application is judged under: the organisation's name and province at
/// this moment. Recommendation, conflicts, the notice and the directory read this snapshot, so a later change to the
/// organisation applies only to its later submissions (see docs/decisions/0013-application-snapshot-at-submission.md).
/// </summary>
public sealed class RecordSubmissionEffect : IWorkflowEffect
{
    public const string EffectName = "record-submission";

    public string Name => EffectName;
    public string Description => "Records when the application was (last) submitted.";

    public async ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var organisation = await c.Db.Organisations.AsNoTracking().Where(o => o.Id == c.Application.OrganisationId)
            .Select(o => new { o.Id, o.Name, o.ProvinceCode }).FirstAsync(ct);
        // A nationally registered code names no province; no recommender could cover the application until one is set.
        if (organisation.ProvinceCode is null)
            throw Infrastructure.ProblemException.Conflict(
                "The organisation's credit code was registered nationally, so it names no province. An administrator must set the province "
                + $"(PUT /api/organisations/{organisation.Id}/province) before the organisation can submit.",
                Infrastructure.ProblemTypes.ProvinceNotSet);
        c.Application.SubmittedAt = c.Time.GetUtcNow();
        c.Application.SubmittedOrganisationName = organisation.Name;
        c.Application.SubmittedProvinceCode = organisation.ProvinceCode;
    }
}

public sealed class RecordRecommendationEffect : IWorkflowEffect
{
    public string Name => "record-recommendation";
    public string Description => "Records which recommender recommended the application; it counts against their quota.";

    public ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        c.Application.RecommendedBy = c.Actor.Id;
        c.Application.RecommendedAt = c.Time.GetUtcNow();
        return ValueTask.CompletedTask;
    }
}

public sealed class MarkLateReviewsEffect : IWorkflowEffect
{
    public string Name => "mark-late-reviews";
    public string Description => "Marks the current round's unfinished assignments as late, so administrators can reassign them.";

    public async ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var now = c.Time.GetUtcNow();
        var open = await c.Db.Assignments.Where(a => a.ApplicationId == c.Application.Id && a.Round == c.Application.ReviewRound
            && a.Status == AssignmentStatus.Assigned && a.DueAt <= now).ToListAsync(ct);
        foreach (var assignment in open)
            assignment.Late = true;
    }
}

/// <summary>Arguments of the <c>notify</c> effect.</summary>
public sealed record NotifyArgs(string Role, string Message);

public sealed class NotifyEffect : IWorkflowEffect
{
    public string Name => "notify";
    public string Description => "Leaves a notification for a role.";
    public Type? ArgumentsType => typeof(NotifyArgs);

    public ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var args = (NotifyArgs)arguments!;
        c.Db.Notifications.Add(new Notification
        {
            Id = Guid.NewGuid(),
            RecipientRole = args.Role,
            ApplicationId = c.Application.Id,
            Message = args.Message,
            CreatedAt = c.Time.GetUtcNow(),
        });
        return ValueTask.CompletedTask;
    }
}

public sealed class StartReviewRoundEffect : IWorkflowEffect
{
    public string Name => "start-review-round";
    public string Description => "Opens a fresh review round; reviews of earlier rounds no longer count.";

    public ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        c.Application.ReviewRound++;
        return ValueTask.CompletedTask;
    }
}

/// <summary>The guards, effects and dates this host offers to workflow definitions.</summary>
public sealed class WorkflowSteps
{
    public const string CallClosesAtAnchor = "callClosesAt";

    /// <summary>Why every submitting transition carries <c>record-submission</c> (ADR 0013).</summary>
    public const string SubmissionEffectReason =
        "it fixes the name and province the application is judged under; without it no provincial recommender covers the application.";

    public IReadOnlyDictionary<string, IWorkflowGuard> Guards { get; }
    public IReadOnlyDictionary<string, IWorkflowEffect> Effects { get; }
    public WorkflowCatalog Catalog { get; }

    public WorkflowSteps(IEnumerable<IWorkflowGuard> guards, IEnumerable<IWorkflowEffect> effects)
    {
        Guards = guards.ToDictionary(g => g.Name, StringComparer.Ordinal);
        Effects = effects.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var catalog = new WorkflowCatalog().Anchor(CallClosesAtAnchor, "When the application's call closes.");
        foreach (var g in Guards.Values)
            catalog.Guard(g.Name, g.Description, g.ArgumentsType);
        foreach (var e in Effects.Values)
            catalog.Effect(e.Name, e.Description, e.ArgumentsType);
        foreach (var d in DedicatedTriggers.All)
            catalog.DedicatedTrigger(d.Trigger, d.Description);
        if (Effects.ContainsKey(RecordSubmissionEffect.EffectName))
            catalog.SubmissionEffect(RecordSubmissionEffect.EffectName, SubmissionEffectReason);
        Catalog = catalog;
    }

    public static WorkflowSteps Default() => new(
        [
            new CallOpenGuard(), new RecommenderCoversApplicantGuard(), new ReviewsCompleteGuard(), new ContentCompleteGuard(),
            new RequiredAttachmentsGuard(), new WithinRecommenderQuotaGuard(), new WithinTargetGuard(),
            new NoOpenObjectionsGuard(),
        ],
        [
            new NotifyEffect(), new StartReviewRoundEffect(), new RecordSubmissionEffect(), new RecordRecommendationEffect(),
            new MarkLateReviewsEffect(),
        ]);
}
