using System.Collections.Concurrent;
using Stateless;
using Stateless.Graph;

namespace YangFan.Benchmarks.Workflows;

/// <summary>A guard of a compiled transition, with its arguments bound to the host's registered type.</summary>
public sealed record CompiledGuard(string Name, string Description, object? Arguments);

/// <summary>An effect of a compiled transition, with its arguments bound to the host's registered type.</summary>
public sealed record CompiledEffect(string Name, object? Arguments);

public sealed record CompiledTransition(
    int Index, string Trigger, IReadOnlyList<string> From, string To, LocalizedText? Title, IReadOnlySet<string> Roles,
    IReadOnlyList<CompiledGuard> Guards, bool RequiresComment, IReadOnlyList<CompiledEffect> Effects, bool Auto)
{
    /// <summary>The host's system role, which may fire an automatic transition.</summary>
    internal string? SystemRole { get; init; }

    public bool Allows(string role) => Roles.Contains(role) || (Auto && role == SystemRole);
}

/// <summary>Asks the host whether a guard holds for the instance at hand.</summary>
public delegate ValueTask<bool> GuardEvaluator(CompiledGuard guard, CancellationToken ct);

public enum DecisionOutcome
{
    /// <summary>The transition may fire.</summary>
    Permitted,
    /// <summary>No transition fires this trigger from the current state.</summary>
    NotAvailable,
    /// <summary>Transitions exist, but none for the caller's role.</summary>
    RoleNotAllowed,
    /// <summary>The transition requires a comment and none was given.</summary>
    CommentRequired,
    /// <summary>Every candidate has at least one guard that does not hold.</summary>
    GuardsUnmet,
    /// <summary>More than one guarded transition holds; the definition is ambiguous for this instance.</summary>
    Ambiguous,
}

/// <summary>What the engine decided for one request to fire a trigger.</summary>
public sealed record TransitionDecision(DecisionOutcome Outcome, CompiledTransition? Transition, IReadOnlyList<CompiledGuard> UnmetGuards)
{
    public bool IsPermitted => Outcome == DecisionOutcome.Permitted;
}

/// <summary>A trigger the caller could fire now or, with unmet guards, once they hold.</summary>
public sealed record AvailableAction(string Trigger, LocalizedText? Title, string To, bool RequiresComment, bool Enabled,
    IReadOnlyList<CompiledGuard> UnmetGuards);

/// <summary>
/// A validated definition compiled onto Stateless. Immutable and safe to share; firing rents a configured machine
/// from a small pool, so concurrent instances never share mutable state.
/// </summary>
public sealed class CompiledWorkflow
{
    private readonly Dictionary<string, StateDefinition> _states;
    private readonly Dictionary<string, CompiledTransition[]> _outgoing;
    private readonly Dictionary<string, HashSet<string>> _tags;
    private readonly IReadOnlyDictionary<string, object> _blocks;
    private readonly ConcurrentBag<Slot> _slots = [];

    public WorkflowDefinition Definition { get; }
    public string ContentHash { get; }
    public IReadOnlyList<CompiledTransition> Transitions { get; }
    public string Key => Definition.Key;
    public int Version => Definition.Version;

    internal CompiledWorkflow(WorkflowDefinition definition, string contentHash, IReadOnlyList<CompiledTransition> transitions,
        IReadOnlyDictionary<string, object> blocks)
    {
        _blocks = blocks;
        _tags = definition.States.ToDictionary(s => s.Name, s => s.Tags.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        Definition = definition;
        ContentHash = contentHash;
        Transitions = transitions;
        _states = definition.States.ToDictionary(s => s.Name, StringComparer.Ordinal);
        _outgoing = definition.States.ToDictionary(
            s => s.Name,
            s => transitions.Where(t => t.From.Contains(s.Name)).ToArray(),
            StringComparer.Ordinal);
        _slots.Add(new Slot(this));
    }

    public string Initial => Definition.Initial;

    public StateDefinition State(string name) =>
        _states.TryGetValue(name, out var state) ? state : throw new ArgumentException($"Workflow {Key} v{Version} has no state '{name}'.", nameof(name));

    public bool HasState(string name) => _states.ContainsKey(name);

    /// <summary>Whether <paramref name="state"/> carries <paramref name="tag"/>; false for a state this version lacks.</summary>
    public bool HasTag(string state, string tag) => _tags.TryGetValue(state, out var tags) && tags.Contains(tag);

    /// <summary>The states that carry <paramref name="tag"/>, in the order the definition lists them.</summary>
    public IReadOnlyList<string> StatesTagged(string tag) =>
        Definition.States.Where(s => _tags[s.Name].Contains(tag)).Select(s => s.Name).ToList();

    /// <summary>The host's block of that name bound to its registered type, or null when the definition has none.</summary>
    public T? Block<T>(string name) where T : class => _blocks.GetValueOrDefault(name) as T;

    public IReadOnlyList<CompiledTransition> TransitionsFrom(string state) =>
        _outgoing.TryGetValue(state, out var list) ? list : [];

    /// <summary>Decides whether <paramref name="trigger"/> may fire, evaluating each candidate's guards.</summary>
    public async ValueTask<TransitionDecision> DecideAsync(string state, string trigger, string role, bool hasComment,
        GuardEvaluator evaluate, CancellationToken ct = default)
    {
        var candidates = TransitionsFrom(state).Where(t => t.Trigger == trigger).ToList();
        if (candidates.Count == 0)
            return new(DecisionOutcome.NotAvailable, null, []);
        var allowed = candidates.Where(t => t.Allows(role)).ToList();
        if (allowed.Count == 0)
            return new(DecisionOutcome.RoleNotAllowed, null, []);

        var permitted = new List<CompiledTransition>();
        var unmet = new List<CompiledGuard>();
        foreach (var t in allowed)
        {
            var failing = await UnmetGuardsAsync(t, evaluate, ct);
            if (failing.Count == 0)
                permitted.Add(t);
            else
                unmet.AddRange(failing);
        }
        return permitted.Count switch
        {
            0 => new(DecisionOutcome.GuardsUnmet, null, unmet.DistinctBy(g => g.Name).ToList()),
            > 1 => new(DecisionOutcome.Ambiguous, null, []),
            _ when permitted[0].RequiresComment && !hasComment => new(DecisionOutcome.CommentRequired, permitted[0], []),
            _ => new(DecisionOutcome.Permitted, permitted[0], []),
        };
    }

    /// <summary>The first automatic transition from <paramref name="state"/> whose guards all hold, if any.</summary>
    public async ValueTask<CompiledTransition?> FindAutomaticAsync(string state, GuardEvaluator evaluate, CancellationToken ct = default)
    {
        foreach (var t in TransitionsFrom(state))
            if (t.Auto && (await UnmetGuardsAsync(t, evaluate, ct)).Count == 0)
                return t;
        return null;
    }

    /// <summary>The triggers a role may fire from a state, each with the guards that do not hold yet.</summary>
    public async ValueTask<IReadOnlyList<AvailableAction>> ActionsAsync(string state, string role, GuardEvaluator evaluate,
        CancellationToken ct = default)
    {
        var actions = new List<AvailableAction>();
        foreach (var t in TransitionsFrom(state).Where(t => !t.Auto && t.Roles.Contains(role)))
        {
            var unmet = await UnmetGuardsAsync(t, evaluate, ct);
            actions.Add(new AvailableAction(t.Trigger, t.Title, t.To, t.RequiresComment, unmet.Count == 0, unmet));
        }
        return actions;
    }

    /// <summary>
    /// Applies a transition the engine has permitted: Stateless moves the state, with the chosen transition as the
    /// only guard that holds. Returns the new state.
    /// </summary>
    public string Fire(string state, CompiledTransition transition)
    {
        if (!_slots.TryTake(out var slot))
            slot = new Slot(this);
        try
        {
            slot.State = state;
            slot.Chosen = transition.Index;
            slot.Machine.Fire(transition.Trigger);
            return slot.State;
        }
        finally
        {
            slot.Chosen = -1;
            _slots.Add(slot);
        }
    }

    /// <summary>When the state's timer falls due for an instance that entered it at <paramref name="enteredAt"/>.</summary>
    /// <param name="state">The state whose timer is meant.</param>
    /// <param name="enteredAt">When the instance entered it.</param>
    /// <param name="anchors">The host's named dates for this instance (e.g. <c>callClosesAt</c>), for its entry at <paramref name="enteredAt"/>.</param>
    public DateTimeOffset? TimerDue(string state, DateTimeOffset enteredAt, Func<string, DateTimeOffset?> anchors)
    {
        if (State(state).Timer is not { } timer)
            return null;
        if (timer.After is not null)
            return enteredAt + IsoDuration.Parse(timer.After);
        var at = timer.At == WorkflowCatalog.StateEnteredAnchor ? enteredAt : anchors(timer.At!);
        return at is { } date && timer.Offset is { } offset ? date + IsoDuration.Parse(offset) : at;
    }

    public string ToMermaid() => MermaidGraph.Format(new Slot(this, forDiagram: true).Machine.GetInfo());

    public string ToDot() => UmlDotGraph.Format(new Slot(this, forDiagram: true).Machine.GetInfo());

    private static async ValueTask<List<CompiledGuard>> UnmetGuardsAsync(CompiledTransition t, GuardEvaluator evaluate, CancellationToken ct)
    {
        var unmet = new List<CompiledGuard>();
        foreach (var guard in t.Guards)
            if (!await evaluate(guard, ct))
                unmet.Add(guard);
        return unmet;
    }

    /// <summary>A Stateless machine configured for this definition, whose state and chosen transition it holds.</summary>
    private sealed class Slot
    {
        public string State = "";
        public int Chosen = -1;
        public readonly StateMachine<string, string> Machine;

        public Slot(CompiledWorkflow workflow, bool forDiagram = false)
        {
            Machine = forDiagram
                ? new StateMachine<string, string>(workflow.Initial)
                : new StateMachine<string, string>(() => State, s => State = s, FiringMode.Immediate);
            foreach (var state in workflow.Definition.States)
                Machine.Configure(state.Name);
            foreach (var t in workflow.Transitions)
            {
                var index = t.Index;
                var description = t.Guards.Count == 0 ? (t.Auto ? "auto" : "") : string.Join(" & ", t.Guards.Select(g => g.Name)) + (t.Auto ? " (auto)" : "");
                Func<bool> guard = forDiagram ? () => true : () => Chosen == index;
                foreach (var from in t.From)
                {
                    var configuration = Machine.Configure(from);
                    // Diagrams draw unguarded transitions without an empty "[]" condition.
                    if (forDiagram && description.Length == 0)
                    {
                        if (from == t.To)
                            configuration.PermitReentry(t.Trigger);
                        else
                            configuration.Permit(t.Trigger, t.To);
                    }
                    else if (from == t.To)
                        configuration.PermitReentryIf(t.Trigger, guard, description);
                    else
                        configuration.PermitIf(t.Trigger, t.To, guard, description);
                }
            }
        }
    }
}

/// <summary>Validates and compiles definitions.</summary>
public static class WorkflowCompiler
{
    public static CompiledWorkflow Compile(WorkflowDefinition definition, WorkflowCatalog catalog, string contentHash)
    {
        var errors = WorkflowValidator.Validate(definition, catalog);
        if (errors.Count > 0)
            throw new InvalidWorkflowException(definition.Key, definition.Version, errors);

        var transitions = definition.Transitions.Select((t, i) => new CompiledTransition(
            i, t.Trigger, t.From, t.To, t.Title, t.Roles.ToHashSet(StringComparer.Ordinal),
            t.Guards.Select(g =>
            {
                var registration = catalog.FindGuard(g.Name)!;
                return new CompiledGuard(g.Name, registration.Description, WorkflowCatalog.BindArguments(registration, g.Args));
            }).Concat(ImpliedGuards(t, catalog)).ToList(),
            t.RequiresComment,
            t.Effects.Select(e => new CompiledEffect(e.Name, WorkflowCatalog.BindArguments(catalog.FindEffect(e.Name)!, e.Args))).ToList(),
            t.Auto) { SystemRole = catalog.SystemRole }).ToList();
        return new CompiledWorkflow(definition, contentHash, transitions, catalog.BindBlocks(definition).Bound);
    }

    /// <summary>The host's guards implied on a submitting transition (<see cref="WorkflowCatalog.SubmissionGuard"/>) that it does not name itself.</summary>
    private static IEnumerable<CompiledGuard> ImpliedGuards(TransitionDefinition t, WorkflowCatalog catalog) =>
        catalog.RequiredSubmissionEffect is { } submission && t.Effects.Any(e => e.Name == submission.Effect)
            ? catalog.ImpliedSubmissionGuards.Where(name => t.Guards.All(g => g.Name != name))
                .Select(name => new CompiledGuard(name, catalog.FindGuard(name)!.Description, null))
            : [];
}

/// <summary>Compiled definitions cached per key, version and content, so each is compiled once per process.</summary>
public sealed class WorkflowCache(WorkflowCatalog catalog)
{
    private readonly ConcurrentDictionary<(string Key, int Version, string Hash), Lazy<CompiledWorkflow>> _compiled = new();

    public WorkflowCatalog Catalog => catalog;

    /// <summary>Whether some content of this key and version is compiled already (so its JSON need not be read again).</summary>
    public bool Knows(string key, int version) => _compiled.Keys.Any(k => k.Key == key && k.Version == version);

    /// <summary>The compiled form of stored JSON whose content hash is known.</summary>
    public CompiledWorkflow Get(string key, int version, string contentHash, Func<string> json) =>
        _compiled.GetOrAdd((key, version, contentHash), _ => new Lazy<CompiledWorkflow>(() =>
        {
            var (definition, errors) = WorkflowLoader.Parse(json());
            if (definition is null)
                throw new InvalidWorkflowException(key, version, errors);
            return WorkflowCompiler.Compile(definition, catalog, contentHash);
        })).Value;
}
