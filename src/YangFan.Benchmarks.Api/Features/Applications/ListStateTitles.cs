using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>
/// The names of the states of an application's workflow (the version it runs on) in Chinese and English, for pages
/// that show its state and history. Applicants are not given the staged states: they never see one
/// (<see cref="StateMask"/>).
/// </summary>
public static class ListStateTitles
{
    public sealed record Query(Guid ApplicationId) : IQuery<IReadOnlyList<StateTitleView>>;

    /// <summary>
    /// A state by name, its titles (the name when the definition gives none), whether it ends the workflow, and whether
    /// the applicant may edit the application in it (its <c>editable</c> tag).
    /// </summary>
    public sealed record StateTitleView(string Name, string TitleZh, string TitleEn, bool Terminal, bool Editable);

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime) : IQueryHandler<Query, IReadOnlyList<StateTitleView>>
    {
        public async ValueTask<IReadOnlyList<StateTitleView>> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.ApplicationId, ct);
            var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
            return workflow.Definition.States
                .Where(s => !StateMask.Applies(user) || !StateMask.IsStaged(workflow, s.Name))
                .Select(s => new StateTitleView(s.Name, s.Title?.Zh ?? s.Name, s.Title?.En ?? s.Name, s.Terminal,
                    workflow.HasTag(s.Name, StateTags.Editable)))
                .ToList();
        }
    }
}
