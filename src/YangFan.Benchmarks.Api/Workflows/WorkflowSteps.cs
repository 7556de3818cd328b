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
        return ValueTask.FromResult(c.Call.OpensAt <= now && now < c.Call.ClosesAt);
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
        var jurisdiction = await c.Db.Users.AsNoTracking().Where(u => u.Id == id)
            .Select(u => new { u.JurisdictionProvinceCode, u.JurisdictionNationalBody }).FirstOrDefaultAsync(ct);
        if (jurisdiction is null)
            return false;
        // A national body (central SOE group, industry association) recommends across provinces.
        if (jurisdiction.JurisdictionNationalBody is not null)
            return true;
        var province = await c.Db.Organisations.AsNoTracking().Where(o => o.Id == c.Application.OrganisationId)
            .Select(o => o.ProvinceCode).FirstAsync(ct);
        return province == jurisdiction.JurisdictionProvinceCode;
    }
}

public sealed class ReviewsCompleteGuard : IWorkflowGuard
{
    public string Name => "reviews-complete";
    public string Description => "The minimum number of expert reviews of the current round is in.";

    public async ValueTask<bool> HoldsAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var minimum = c.Workflow.Definition.Review?.MinReviewers ?? 1;
        var submitted = await c.Db.Reviews.CountAsync(r =>
            r.ApplicationId == c.Application.Id && r.Round == c.Application.ReviewRound && r.SubmittedAt != null, ct);
        return submitted >= minimum;
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
        Catalog = catalog;
    }

    public static WorkflowSteps Default() => new(
        [new CallOpenGuard(), new RecommenderCoversApplicantGuard(), new ReviewsCompleteGuard()],
        [new NotifyEffect(), new StartReviewRoundEffect()]);
}
