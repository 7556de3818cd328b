using System.Text.Json;
using System.Text.Json.Serialization;

namespace YangFan.Benchmarks.Workflows;

/// <summary>A workflow as written in JSON (see docs/workflows.md and workflows/schema.json).</summary>
public sealed record WorkflowDefinition
{
    public string Key { get; init; } = "";
    public int Version { get; init; }
    public LocalizedText? Title { get; init; }
    public string Initial { get; init; } = "";
    public IReadOnlyList<StateDefinition> States { get; init; } = [];
    public IReadOnlyList<TransitionDefinition> Transitions { get; init; } = [];
    public ReviewDefinition? Review { get; init; }
    public NoticeDefinition? Notice { get; init; }
}

/// <summary>A text in Chinese and English.</summary>
public sealed record LocalizedText(string Zh, string En);

public sealed record StateDefinition
{
    public string Name { get; init; } = "";
    public LocalizedText? Title { get; init; }
    public bool Terminal { get; init; }

    /// <summary>Experts' reviews are collected while an instance is in this state.</summary>
    public bool CollectsReviews { get; init; }

    /// <summary>
    /// A staged state that applicants see as another one (e.g. a shortlisting not yet released shows as
    /// Deliberation), so that decisions stay invisible until they are released together.
    /// </summary>
    public string? VisibleAs { get; init; }

    public TimerDefinition? Timer { get; init; }
}

/// <summary>
/// Fires <see cref="Trigger"/> as <c>System</c> either a duration <see cref="After"/> entering the state, or at a
/// named date (<see cref="At"/>) plus an optional <see cref="Offset"/>. Built-in dates: <c>stateEntered</c> and
/// <c>noticeEnds</c> (entry plus the notice block's days); the host registers others, such as <c>callClosesAt</c>.
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

    /// <summary>Fired by the engine as <c>System</c> as soon as its guards hold.</summary>
    public bool Auto { get; init; }
}

/// <summary>A guard or effect by name, with arguments the host's registration defines.</summary>
public sealed record StepReference
{
    public string Name { get; init; } = "";
    public JsonElement? Args { get; init; }
}

public sealed record ReviewDefinition
{
    public int MinReviewers { get; init; }
    public int MaxReviewers { get; init; }
    public string Aggregation { get; init; } = "";
    public IReadOnlyList<CriterionDefinition> Criteria { get; init; } = [];
    public decimal PassScore { get; init; }
    public decimal DisagreementStdDev { get; init; }
    public bool Blind { get; init; }
    public bool AvoidSameProvince { get; init; }
}

public sealed record CriterionDefinition
{
    public string Key { get; init; } = "";
    public LocalizedText? Title { get; init; }
    public decimal Weight { get; init; }
    public decimal Max { get; init; }
}

public sealed record NoticeDefinition
{
    public int Days { get; init; }
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
