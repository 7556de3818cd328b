using System.Text.Json;
using System.Text.Json.Serialization;

namespace YangFan.Benchmarks.Workflows;

/// <summary>
/// The guards, effects and timer dates a host offers to definitions. A definition naming anything not registered
/// here does not load. Arguments are bound to the registered type when the definition is compiled.
/// </summary>
public sealed class WorkflowCatalog
{
    public static readonly IReadOnlySet<string> Roles = new HashSet<string>(StringComparer.Ordinal)
    {
        ApplicantRole, "Recommender", "Expert", "Admin", SystemRole,
    };

    public const string SystemRole = "System";
    public const string ApplicantRole = "Applicant";
    public const string StateEnteredAnchor = "stateEntered";
    public const string NoticeEndsAnchor = "noticeEnds";

    internal static readonly JsonSerializerOptions ArgumentJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    private readonly Dictionary<string, StepRegistration> _guards = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StepRegistration> _effects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dedicated = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _anchors = new(StringComparer.Ordinal)
    {
        [StateEnteredAnchor] = "When the instance entered the state.",
        [NoticeEndsAnchor] = "When the public notice ends: entry plus the notice block's days.",
    };

    public sealed record StepRegistration(string Name, string Description, Type? ArgumentsType);

    /// <summary>A guard without arguments.</summary>
    public WorkflowCatalog Guard(string name, string description) => Add(_guards, new(name, description, null));

    /// <summary>A guard whose <c>args</c> bind to <typeparamref name="TArgs"/>.</summary>
    public WorkflowCatalog Guard<TArgs>(string name, string description) => Add(_guards, new(name, description, typeof(TArgs)));

    /// <summary>A guard whose <c>args</c> bind to <paramref name="argumentsType"/>, or take none when it is null.</summary>
    public WorkflowCatalog Guard(string name, string description, Type? argumentsType) => Add(_guards, new(name, description, argumentsType));

    public WorkflowCatalog Effect(string name, string description) => Add(_effects, new(name, description, null));

    public WorkflowCatalog Effect(string name, string description, Type? argumentsType) => Add(_effects, new(name, description, argumentsType));

    public WorkflowCatalog Effect<TArgs>(string name, string description) => Add(_effects, new(name, description, typeof(TArgs)));

    /// <summary>A date the host can supply for an instance, usable as a timer's <c>at</c>.</summary>
    public WorkflowCatalog Anchor(string name, string description)
    {
        _anchors[name] = description;
        return this;
    }

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
    /// An effect every <b>submitting</b> transition must carry: one the Applicant fires out of the initial state into
    /// a state that is not terminal (handing the instance in, as opposed to withdrawing it). The host uses it to
    /// record what the instance is judged under; the validator refuses a definition whose submission lacks it.
    /// </summary>
    public WorkflowCatalog SubmissionEffect(string effect, string why)
    {
        if (FindEffect(effect) is null)
            throw new InvalidOperationException($"Register the effect '{effect}' before requiring it on submission.");
        RequiredSubmissionEffect = (effect, why);
        return this;
    }

    /// <summary>The effect every submitting transition must carry, and why; null when the host requires none.</summary>
    public (string Effect, string Why)? RequiredSubmissionEffect { get; private set; }

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
}
