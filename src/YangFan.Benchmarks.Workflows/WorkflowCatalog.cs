using System.Text.Json;
using System.Text.Json.Serialization;

namespace YangFan.Benchmarks.Workflows;

/// <summary>How often a tag the host declares must appear in one definition.</summary>
public enum TagOccurrence
{
    /// <summary>On any number of states, none included.</summary>
    Optional,
    /// <summary>On one state or more: the host relies on such a state existing.</summary>
    AtLeastOne,
    /// <summary>On exactly one state: the host relies on there being one such state.</summary>
    ExactlyOne,
}

/// <summary>A state tag the host declares: what its code relies on while an instance is in a state carrying it.</summary>
public sealed record TagDeclaration(string Name, string Description, TagOccurrence Occurrence = TagOccurrence.Optional);

/// <summary>
/// The host's contract with the engine: the roles that fire transitions (and which of them is the engine's own), the
/// state tags its code asks for, the guards, effects and timer dates it offers, its triggers with dedicated
/// endpoints, the effect a submission must carry and the top-level blocks it reads from a definition. A definition
/// naming anything not registered here does not load. Arguments and blocks are bound to the registered types when
/// the definition is compiled. The engine itself knows none of these names.
/// </summary>
public sealed class WorkflowCatalog
{
    /// <summary>The one date the engine knows itself: when the instance entered the state.</summary>
    public const string StateEnteredAnchor = "stateEntered";

    internal static readonly JsonSerializerOptions ArgumentJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    private readonly HashSet<string> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StepRegistration> _guards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StepRegistration> _effects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dedicated = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BlockRegistration> _blocks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TagDeclaration> _tags = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, TagDeclaration>> _tagsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _anchors = new(StringComparer.Ordinal)
    {
        [StateEnteredAnchor] = "When the instance entered the state.",
    };

    public sealed record StepRegistration(string Name, string Description, Type? ArgumentsType);

    /// <summary>
    /// A top-level block of a definition the host reads (e.g. <c>"review": { … }</c>): bound to <see cref="Type"/>
    /// and then checked, present or not, by <see cref="Check"/>, which reports errors with their JSON paths.
    /// </summary>
    public sealed record BlockRegistration(string Name, string Description, Type Type,
        Func<object?, WorkflowDefinition, IEnumerable<WorkflowError>> Check);

    /// <summary>
    /// The roles a transition may name. <paramref name="system"/> is the one the engine fires automatic transitions
    /// and timers as; it is allowed too.
    /// </summary>
    public WorkflowCatalog Roles(IEnumerable<string> roles, string system)
    {
        _roles.UnionWith(roles);
        _roles.Add(system);
        SystemRole = system;
        return this;
    }

    /// <summary>The roles a transition may name, the system role included.</summary>
    public IReadOnlySet<string> RoleNames => _roles;

    /// <summary>The role the engine fires automatic transitions and timers as; null until <see cref="Roles"/> is called.</summary>
    public string? SystemRole { get; private set; }

    /// <summary>
    /// The tags a definition may put on its states, and how often each must appear. Without
    /// <paramref name="workflowKey"/> they apply to every definition whose key has no tags of its own.
    /// </summary>
    public WorkflowCatalog Tags(IEnumerable<TagDeclaration> tags, string? workflowKey = null)
    {
        var into = workflowKey is null ? _tags : _tagsByKey.TryGetValue(workflowKey, out var own) ? own : _tagsByKey[workflowKey] = new(StringComparer.Ordinal);
        foreach (var tag in tags)
            if (!into.TryAdd(tag.Name, tag))
                throw new InvalidOperationException($"The tag '{tag.Name}' is registered twice.");
        return this;
    }

    /// <summary>The tags a definition with this key may use.</summary>
    public IReadOnlyCollection<TagDeclaration> TagsFor(string workflowKey) =>
        (_tagsByKey.TryGetValue(workflowKey, out var own) ? own : _tags).Values;

    /// <summary>A guard without arguments.</summary>
    public WorkflowCatalog Guard(string name, string description) => Add(_guards, new(name, description, null));

    /// <summary>A guard whose <c>args</c> bind to <typeparamref name="TArgs"/>.</summary>
    public WorkflowCatalog Guard<TArgs>(string name, string description) => Add(_guards, new(name, description, typeof(TArgs)));

    /// <summary>A guard whose <c>args</c> bind to <paramref name="argumentsType"/>, or take none when it is null.</summary>
    public WorkflowCatalog Guard(string name, string description, Type? argumentsType) => Add(_guards, new(name, description, argumentsType));

    public WorkflowCatalog Effect(string name, string description) => Add(_effects, new(name, description, null));

    public WorkflowCatalog Effect(string name, string description, Type? argumentsType) => Add(_effects, new(name, description, argumentsType));

    public WorkflowCatalog Effect<TArgs>(string name, string description) => Add(_effects, new(name, description, typeof(TArgs)));

    /// <summary>A date the host supplies for an instance, usable as a timer's <c>at</c>.</summary>
    public WorkflowCatalog Anchor(string name, string description)
    {
        _anchors[name] = description;
        return this;
    }

    /// <summary>
    /// A top-level block the host reads from definitions, bound to <typeparamref name="TBlock"/>.
    /// <paramref name="check"/> runs on every definition, with null when the block is absent, so it can also say
    /// what needs the block (or what the block needs).
    /// </summary>
    public WorkflowCatalog Block<TBlock>(string name, string description, Func<TBlock?, WorkflowDefinition, IEnumerable<WorkflowError>> check)
        where TBlock : class
    {
        if (!_blocks.TryAdd(name, new BlockRegistration(name, description, typeof(TBlock), (block, d) => check((TBlock?)block, d))))
            throw new InvalidOperationException($"The block '{name}' is registered twice.");
        return this;
    }

    public BlockRegistration? FindBlock(string name) => _blocks.GetValueOrDefault(name);
    public IReadOnlyCollection<BlockRegistration> Blocks => _blocks.Values;

    /// <summary>
    /// A trigger the host fires only from its own code for it, never on a generic request, because that code does
    /// work the transition alone does not. Definitions may give it to a role as usual, but cannot make it
    /// automatic or a timer's trigger: the engine fires those without the host's code.
    /// </summary>
    public WorkflowCatalog DedicatedTrigger(string trigger, string description)
    {
        if (!_dedicated.TryAdd(trigger, description))
            throw new InvalidOperationException($"'{trigger}' is registered twice.");
        return this;
    }

    /// <summary>
    /// An effect every <b>submitting</b> transition must carry: one <paramref name="submitter"/> fires out of the
    /// initial state into a state that is not terminal (handing the instance in, as opposed to withdrawing it). The
    /// validator refuses a definition whose submission lacks it.
    /// </summary>
    public WorkflowCatalog SubmissionEffect(string effect, string submitter, string why)
    {
        if (FindEffect(effect) is null)
            throw new InvalidOperationException($"Register the effect '{effect}' before requiring it on submission.");
        RequiredSubmissionEffect = (effect, submitter, why);
        return this;
    }

    /// <summary>The effect every submitting transition must carry, who submits, and why; null when the host requires none.</summary>
    public (string Effect, string Submitter, string Why)? RequiredSubmissionEffect { get; private set; }

    /// <summary>
    /// A guard the host implies on every transition that carries the submission effect (<see cref="SubmissionEffect"/>),
    /// in every definition and version, whether the definition names it or not: a rule of the host that no definition,
    /// and no instance pinned to an older version, can leave out. A definition naming it is compiled as it is.
    /// </summary>
    public WorkflowCatalog SubmissionGuard(string guard)
    {
        if (FindGuard(guard) is null)
            throw new InvalidOperationException($"Register the guard '{guard}' before implying it on submission.");
        if (RequiredSubmissionEffect is null)
            throw new InvalidOperationException("Require a submission effect before implying a guard on submission.");
        _submissionGuards.Add(guard);
        return this;
    }

    private readonly List<string> _submissionGuards = [];

    /// <summary>The guards implied on every transition carrying the submission effect.</summary>
    public IReadOnlyList<string> ImpliedSubmissionGuards => _submissionGuards;

    /// <summary>Why <paramref name="trigger"/> is dedicated, or null when it is not.</summary>
    public string? FindDedicatedTrigger(string trigger) => _dedicated.GetValueOrDefault(trigger);

    public StepRegistration? FindGuard(string name) => _guards.GetValueOrDefault(name);
    public StepRegistration? FindEffect(string name) => _effects.GetValueOrDefault(name);
    public bool HasAnchor(string name) => _anchors.ContainsKey(name);
    public IReadOnlyCollection<StepRegistration> Guards => _guards.Values;
    public IReadOnlyCollection<StepRegistration> Effects => _effects.Values;

    private WorkflowCatalog Add(Dictionary<string, StepRegistration> into, StepRegistration registration)
    {
        if (!into.TryAdd(registration.Name, registration))
            throw new InvalidOperationException($"'{registration.Name}' is registered twice.");
        return this;
    }

    /// <summary>Binds a reference's arguments to the registered type; null when the step takes none.</summary>
    internal static object? BindArguments(StepRegistration registration, JsonElement? args)
    {
        if (registration.ArgumentsType is null)
        {
            if (args is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } given &&
                !(given.ValueKind == JsonValueKind.Object && !given.EnumerateObject().Any()))
                throw new JsonException($"'{registration.Name}' takes no arguments.");
            return null;
        }
        var json = args is { ValueKind: not JsonValueKind.Undefined } a ? a.GetRawText() : "{}";
        return JsonSerializer.Deserialize(json, registration.ArgumentsType, ArgumentJson)
            ?? throw new JsonException($"'{registration.Name}' needs arguments.");
    }

    /// <summary>
    /// The definition's registered blocks bound to their types (absent ones left out), or the errors of those that
    /// do not bind, each at its JSON path.
    /// </summary>
    internal (Dictionary<string, object> Bound, List<WorkflowError> Errors) BindBlocks(WorkflowDefinition d)
    {
        var bound = new Dictionary<string, object>(StringComparer.Ordinal);
        var errors = new List<WorkflowError>();
        foreach (var (name, json) in d.Blocks ?? [])
        {
            if (FindBlock(name) is not { } registration)
            {
                errors.Add(new WorkflowError($"$.{name}", $"Unknown property '{name}'."));
                continue;
            }
            try
            {
                if (JsonSerializer.Deserialize(json, registration.Type, ArgumentJson) is { } block)
                    bound[name] = block;
                else
                    errors.Add(new WorkflowError($"$.{name}", "Must not be null."));
            }
            catch (JsonException ex)
            {
                var at = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? $"$.{name}" : $"$.{name}{ex.Path[1..]}";
                errors.Add(new WorkflowError(at, WorkflowLoader.Reason(ex)));
            }
        }
        return (bound, errors);
    }
}
