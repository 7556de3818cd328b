using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace YangFan.Benchmarks.Workflows;

/// <summary>Reads definitions from JSON, reporting syntax and shape errors with their JSON path.</summary>
public static partial class WorkflowLoader
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
            var nulls = NullElements(definition).Select(path => new WorkflowError(path, "Must not be null."));
            // A host block has a plain property name; anything else (such as "$schema") is no block and no property.
            var strangers = (definition.Blocks ?? []).Keys.Where(name => !BlockName().IsMatch(name))
                .Select(name => new WorkflowError($"$.{name}", $"Unknown property '{name}'."));
            var errors = nulls.Concat(strangers).ToList();
            return errors.Count > 0 ? (null, errors) : (definition, []);
        }
        catch (JsonException ex)
        {
            return (null, [new WorkflowError(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, Reason(ex))]);
        }
    }

    /// <summary>The reader's complaint in the words an author understands, without the position it already gives.</summary>
    internal static string Reason(JsonException ex)
    {
        var reason = ex.Message.Split(" Path:", 2)[0];
        if (reason.Contains("could not be mapped", StringComparison.Ordinal) && reason.Split('\'') is [_, var field, ..])
            return $"Unknown property '{field}'.";
        if (reason.Contains("could not be converted", StringComparison.Ordinal))
            return "The value has the wrong JSON type.";
        if (reason.Contains("null values", StringComparison.Ordinal))
            return "Must not be null.";
        return reason;
    }

    [GeneratedRegex("^[a-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex BlockName();

    // Nullable annotations do not reach list elements, so "states": [null] is caught here, not in the validator.
    private static IEnumerable<string> NullElements(WorkflowDefinition d)
    {
        static IEnumerable<string> In<T>(string path, IReadOnlyList<T> list) =>
            list.Select((item, i) => (item, i)).Where(x => x.item is null).Select(x => $"{path}[{x.i}]");

        var transitions = d.Transitions.Select((t, i) => (t, i)).Where(x => x.t is not null).SelectMany(x =>
            In($"$.transitions[{x.i}].from", x.t.From).Concat(In($"$.transitions[{x.i}].roles", x.t.Roles))
                .Concat(In($"$.transitions[{x.i}].guards", x.t.Guards)).Concat(In($"$.transitions[{x.i}].effects", x.t.Effects)));
        var tags = d.States.Select((s, i) => (s, i)).Where(x => x.s is not null).SelectMany(x => In($"$.states[{x.i}].tags", x.s.Tags));
        return In("$.states", d.States).Concat(tags).Concat(In("$.transitions", d.Transitions)).Concat(transitions);
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
