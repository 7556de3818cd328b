using System.Text.Json;
using System.Text.Json.Serialization;

namespace YangFan.Benchmarks.Workflows;

/// <summary>A workflow as written in JSON (see docs/workflows.md and workflows/schema.json).</summary>
// Unknown top-level properties land in Blocks instead of failing the read: the validator accepts only the blocks
// the host registered (WorkflowCatalog.Block), so an unknown one is still refused, with its path.
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record WorkflowDefinition
{
    public string Key { get; init; } = "";
    public int Version { get; init; }
    public LocalizedText? Title { get; init; }
    public string Initial { get; init; } = "";
    public IReadOnlyList<StateDefinition> States { get; init; } = [];
    public IReadOnlyList<TransitionDefinition> Transitions { get; init; } = [];

    /// <summary>
    /// The host's blocks, by property name (e.g. <c>"review": { … }</c>), as written. The engine does not read them:
    /// the host registers each with a type and a check, and reads them back from <see cref="CompiledWorkflow.Block{T}"/>.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Blocks { get; init; }
}

/// <summary>A text in Chinese and English.</summary>
public sealed record LocalizedText(string Zh, string En);

public sealed record StateDefinition
{
    public string Name { get; init; } = "";
    public LocalizedText? Title { get; init; }
    public bool Terminal { get; init; }

    /// <summary>
    /// What the host may rely on while an instance is here (e.g. <c>editable</c>, <c>approved</c>). The host declares
    /// the tags and which of them a definition must carry; its code asks for tags, never for a state's name.
    /// </summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>
    /// A staged state that applicants see as another one (e.g. a shortlisting not yet released shows as
    /// Deliberation), so that decisions stay invisible until they are released together.
    /// </summary>
    public string? VisibleAs { get; init; }

    public TimerDefinition? Timer { get; init; }
}

/// <summary>
/// Fires <see cref="Trigger"/> as the host's system role either a duration <see cref="After"/> entering the state, or at
/// a named date (<see cref="At"/>) plus an optional <see cref="Offset"/>. The engine knows one date,
/// <c>stateEntered</c>; the host registers the others (such as <c>callClosesAt</c>) and supplies them per instance.
/// </summary>
public sealed record TimerDefinition
{
    public string? After { get; init; }
    public string? At { get; init; }
    public string? Offset { get; init; }
    public string Trigger { get; init; } = "";
}

public sealed record TransitionDefinition
{
    public string Trigger { get; init; } = "";

    [JsonConverter(typeof(OneOrManyConverter))]
    public IReadOnlyList<string> From { get; init; } = [];

    public string To { get; init; } = "";
    public LocalizedText? Title { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<StepReference> Guards { get; init; } = [];
    public bool RequiresComment { get; init; }
    public IReadOnlyList<StepReference> Effects { get; init; } = [];

    /// <summary>Fired by the engine, as the host's system role, as soon as its guards hold.</summary>
    public bool Auto { get; init; }
}

/// <summary>A guard or effect by name, with arguments the host's registration defines.</summary>
public sealed record StepReference
{
    public string Name { get; init; } = "";
    public JsonElement? Args { get; init; }
}

/// <summary>Accepts <c>"from": "Draft"</c> as well as <c>"from": ["Draft", "Submitted"]</c>.</summary>
public sealed class OneOrManyConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
            return [reader.GetString()!];
        return JsonSerializer.Deserialize<List<string>>(ref reader, options) ?? [];
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        if (value.Count == 1)
            writer.WriteStringValue(value[0]);
        else
            JsonSerializer.Serialize(writer, value, options);
    }
}
