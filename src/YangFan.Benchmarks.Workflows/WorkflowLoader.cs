using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace YangFan.Benchmarks.Workflows;

/// <summary>Reads definitions from JSON, reporting syntax and shape errors with their JSON path.</summary>
public static class WorkflowLoader
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        // "states": null would otherwise reach the validator as a null list.
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    /// <summary>The definition, or the reason it could not be read.</summary>
    public static (WorkflowDefinition? Definition, IReadOnlyList<WorkflowError> Errors) Parse(string json)
    {
        try
        {
            var definition = JsonSerializer.Deserialize<WorkflowDefinition>(json, Json);
            if (definition is null)
                return (null, [new WorkflowError("$", "The definition is empty.")]);
            var nulls = NullElements(definition).Select(path => new WorkflowError(path, "Must not be null.")).ToList();
            return nulls.Count > 0 ? (null, nulls) : (definition, []);
        }
        catch (JsonException ex)
        {
            var reason = ex.Message.Split(" Path:", 2)[0];
            if (reason.Contains("could not be mapped", StringComparison.Ordinal) && reason.Split('\'') is [_, var field, ..])
                reason = $"Unknown property '{field}'.";
            else if (reason.Contains("could not be converted", StringComparison.Ordinal))
                reason = "The value has the wrong JSON type.";
            else if (reason.Contains("null values", StringComparison.Ordinal))
                reason = "Must not be null.";
            return (null, [new WorkflowError(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, reason)]);
        }
    }

    // Nullable annotations do not reach list elements, so "states": [null] is caught here, not in the validator.
    private static IEnumerable<string> NullElements(WorkflowDefinition d)
    {
        static IEnumerable<string> In<T>(string path, IReadOnlyList<T> list) =>
            list.Select((item, i) => (item, i)).Where(x => x.item is null).Select(x => $"{path}[{x.i}]");

        var transitions = d.Transitions.Select((t, i) => (t, i)).Where(x => x.t is not null).SelectMany(x =>
            In($"$.transitions[{x.i}].from", x.t.From).Concat(In($"$.transitions[{x.i}].roles", x.t.Roles))
                .Concat(In($"$.transitions[{x.i}].guards", x.t.Guards)).Concat(In($"$.transitions[{x.i}].effects", x.t.Effects)));
        return In("$.states", d.States).Concat(In("$.transitions", d.Transitions)).Concat(transitions)
            .Concat(d.Review is null ? [] : In("$.review.criteria", d.Review.Criteria));
    }

    /// <summary>Parses, validates and compiles; throws <see cref="InvalidWorkflowException"/> with every error.</summary>
    public static CompiledWorkflow LoadAndCompile(string json, WorkflowCatalog catalog)
    {
        var (definition, errors) = Parse(json);
        if (definition is null)
            throw new InvalidWorkflowException("?", 0, errors);
        return WorkflowCompiler.Compile(definition, catalog, ContentHash(json));
    }

    /// <summary>
    /// SHA-256 over the canonical form of the JSON (compact, property order as written), so reformatting a file does
    /// not count as a change but any change of content does.
    /// </summary>
    public static string ContentHash(string json)
    {
        var node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var canonical = node?.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) ?? "null";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string Serialize(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, Json);
}
