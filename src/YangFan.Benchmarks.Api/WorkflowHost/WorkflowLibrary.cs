using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// The stored workflow versions, compiled once per process (<see cref="WorkflowCache"/>; published versions are
/// resolved once per process, <see cref="PublishedWorkflows"/>), and filters for queries
/// over many instances by a state tag. Instances of one key may run on different versions (a call pins one; a
/// migration moves applications), each naming its states as it likes, so a filter matches each version's own
/// tagged states, <c>(key, version, state)</c>, never a state name alone.
/// </summary>
public sealed class WorkflowLibrary(AppDbContext db, WorkflowCache cache, PublishedWorkflows published)
{
    /// <summary>The versions this unit of work has resolved, so that it asks the database once per version.</summary>
    private readonly Dictionary<(string Key, int Version), CompiledWorkflow> _resolved = [];

    /// <summary>A stored version, compiled.</summary>
    public async Task<CompiledWorkflow> CompiledAsync(string key, int version, CancellationToken ct)
    {
        await ResolveAsync([(key, version)], ct);
        return _resolved[(key, version)];
    }

    /// <summary>
    /// Resolves the versions not resolved yet in one query (an application's workflow and its call's lifecycle, say);
    /// none at all when this process has resolved them before and they are published.
    /// </summary>
    public async Task ResolveAsync(IReadOnlyCollection<(string Key, int Version)> versions, CancellationToken ct)
    {
        var missing = new List<(string Key, int Version)>();
        foreach (var v in versions)
        {
            if (_resolved.ContainsKey(v) || missing.Contains(v))
                continue;
            if (published.TryGet(v.Key, v.Version, out var known))
                _resolved[v] = known;
            else
                missing.Add(v);
        }
        if (missing.Count == 0)
            return;
        var keys = missing.Select(v => v.Key).Distinct().ToList();
        var numbers = missing.Select(v => v.Version).Distinct().ToList();
        // The JSON comes along only when this process has not compiled one of them yet, so the query stays the only one.
        var withContent = missing.Any(v => !cache.Knows(v.Key, v.Version));
        var stored = await db.Workflows.AsNoTracking()
            .Where(w => keys.Contains(w.Key) && numbers.Contains(w.Version))
            .Select(w => new { w.Key, w.Version, w.Status, w.ContentHash, Content = withContent ? w.Content : null })
            .ToListAsync(ct);
        foreach (var (key, version) in missing)
        {
            var found = stored.FirstOrDefault(w => w.Key == key && w.Version == version)
                ?? throw new InvalidOperationException($"Workflow {key} v{version} is not stored.");
            var compiled = found.Content is { } content
                ? cache.Get(key, version, found.ContentHash, () => content)
                : Compiled(key, version, found.ContentHash);
            if (found.Status == WorkflowVersionStatus.Published)
                published.Remember(compiled);
            _resolved[(key, version)] = compiled;
        }
    }

    /// <summary>The lifecycle the call runs on.</summary>
    public Task<CompiledWorkflow> LifecycleAsync(Call call, CancellationToken ct) => CompiledAsync(CallLifecycle.WorkflowKey, call.LifecycleVersion, ct);

    /// <summary>Whether the application's state carries <paramref name="tag"/> in the version it runs on.</summary>
    public async Task<bool> HasTagAsync(Application application, string tag, CancellationToken ct) =>
        (await CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct)).HasTag(application.State, tag);

    /// <summary>Whether the call's state carries <paramref name="tag"/> in the lifecycle version it runs on.</summary>
    public async Task<bool> HasTagAsync(Call call, string tag, CancellationToken ct) =>
        (await LifecycleAsync(call, ct)).HasTag(call.Status, tag);

    /// <summary>Applications whose state carries <paramref name="tag"/> in the workflow version they run on.</summary>
    public Task<Expression<Func<Application, bool>>> ApplicationsTaggedAsync(string tag, CancellationToken ct) =>
        ApplicationsInAsync(w => w.StatesTagged(tag), ct);

    /// <summary>Applications in one of the states <paramref name="states"/> picks from the workflow version they run on.</summary>
    public async Task<Expression<Func<Application, bool>>> ApplicationsInAsync(Func<CompiledWorkflow, IEnumerable<string>> states, CancellationToken ct) =>
        (await ApplicationsInEachAsync([states], ct))[0];

    /// <summary>
    /// One filter per picker, as <see cref="ApplicationsInAsync"/> builds each, from one read of the published versions:
    /// for a query that filters the same applications several ways.
    /// </summary>
    public async Task<Expression<Func<Application, bool>>[]> ApplicationsInEachAsync(
        IReadOnlyList<Func<CompiledWorkflow, IEnumerable<string>>> pickers, CancellationToken ct)
    {
        var published = (await PublishedAsync(ct)).Where(w => w.Key.Key != CallLifecycle.WorkflowKey).ToList();
        return pickers.Select(states => AnyOf(published
            .Select(w => (w.Key.Key, w.Key.Version, States: states(w.Value).ToArray()))
            .Where(w => w.States.Length > 0)
            .Select(v =>
            {
                var (key, version, names) = v;
                return (Expression<Func<Application, bool>>)(a => a.WorkflowKey == key && a.WorkflowVersion == version && names.Contains(a.State));
            }))).ToArray();
    }

    /// <summary>Calls whose state carries <paramref name="tag"/> in the lifecycle version they run on.</summary>
    public async Task<Expression<Func<Call, bool>>> CallsTaggedAsync(string tag, CancellationToken ct) =>
        AnyOf((await VersionsAsync(tag, key => key == CallLifecycle.WorkflowKey, ct)).Select(v =>
        {
            var (_, version, states) = v;
            return (Expression<Func<Call, bool>>)(c => c.LifecycleVersion == version && states.Contains(c.Status));
        }));

    /// <summary>
    /// The published versions, compiled: the ones instances run on. Their list is one small query (keys and
    /// versions) per filter, so a version another process published is never missed; their content comes from
    /// this process's memory once resolved.
    /// </summary>
    private async Task<IReadOnlyDictionary<(string Key, int Version), CompiledWorkflow>> PublishedAsync(CancellationToken ct)
    {
        var stored = await db.Workflows.AsNoTracking().Where(w => w.Status == WorkflowVersionStatus.Published)
            .Select(w => new { w.Key, w.Version, w.ContentHash }).ToListAsync(ct);
        return stored.ToDictionary(w => (w.Key, w.Version), w =>
        {
            if (published.TryGet(w.Key, w.Version, out var known))
                return known;
            var compiled = Compiled(w.Key, w.Version, w.ContentHash);
            published.Remember(compiled);
            return compiled;
        });
    }

    private CompiledWorkflow Compiled(string key, int version, string hash) => cache.Get(key, version, hash, () =>
        db.Workflows.AsNoTracking().Where(w => w.Key == key && w.Version == version).Select(w => w.Content).First());

    private Task<List<(string Key, int Version, string[] States)>> VersionsAsync(string tag, Func<string, bool> keys, CancellationToken ct) =>
        VersionsAsync(w => w.StatesTagged(tag), keys, ct);

    private async Task<List<(string Key, int Version, string[] States)>> VersionsAsync(Func<CompiledWorkflow, IEnumerable<string>> states,
        Func<string, bool> keys, CancellationToken ct) =>
        (await PublishedAsync(ct)).Where(w => keys(w.Key.Key))
            .Select(w => (w.Key.Key, w.Key.Version, States: states(w.Value).ToArray()))
            .Where(w => w.States.Length > 0).ToList();

    /// <summary>One predicate true when any of <paramref name="parts"/> is; false when there are none.</summary>
    private static Expression<Func<T, bool>> AnyOf<T>(IEnumerable<Expression<Func<T, bool>>> parts)
    {
        var parameter = Expression.Parameter(typeof(T), "x");
        Expression body = Expression.Constant(false);
        var first = true;
        foreach (var part in parts)
        {
            var rebound = new Rebind(part.Parameters[0], parameter).Visit(part.Body);
            body = first ? rebound : Expression.OrElse(body, rebound);
            first = false;
        }
        return Expression.Lambda<Func<T, bool>>(body, parameter);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
