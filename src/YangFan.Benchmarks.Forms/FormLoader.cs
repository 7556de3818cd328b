using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace YangFan.Benchmarks.Forms;

/// <summary>Reads definitions from JSON, reporting syntax and shape errors with their JSON path.</summary>
public static class FormLoader
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
    };

    /// <summary>The definition, or the reasons it could not be read.</summary>
    public static (FormDefinition? Definition, IReadOnlyList<FormError> Errors) Parse(string json)
    {
        try
        {
            var definition = JsonSerializer.Deserialize<FormDefinition>(json, Json);
            if (definition is null)
                return (null, [new FormError("$", "The definition is empty.")]);
            var nulls = NullElements(definition).Select(path => new FormError(path, "Must not be null.")).ToList();
            return nulls.Count > 0 ? (null, nulls) : (definition, []);
        }
        catch (JsonException ex)
        {
            return (null, [new FormError(string.IsNullOrEmpty(ex.Path) ? "$" : ex.Path, Reason(ex))]);
        }
    }

    /// <summary>Parses and validates; throws <see cref="InvalidFormException"/> with every error.</summary>
    public static CompiledForm LoadAndCompile(string json, FormRuleCatalog rules)
    {
        var (definition, errors) = Parse(json);
        if (definition is null)
            throw new InvalidFormException("?", 0, errors);
        errors = FormValidator.Validate(definition, rules);
        if (errors.Count > 0)
            throw new InvalidFormException(definition.Key, definition.Version, errors);
        return new CompiledForm(definition, rules, ContentHash(json));
    }

    private static string Reason(JsonException ex)
    {
        var reason = ex.Message.Split(" Path:", 2)[0];
        if (reason.Contains("could not be mapped", StringComparison.Ordinal) && reason.Split('\'') is [_, var field, ..])
            return $"Unknown property '{field}'.";
        if (reason.Contains("could not be converted", StringComparison.Ordinal))
            return "The value has the wrong JSON type.";
        if (reason.Contains("null values", StringComparison.Ordinal) || reason.Contains("null value", StringComparison.Ordinal))
            return "Must not be null.";
        return reason;
    }

    // Nullable annotations do not reach list elements, so "sections": [null] is caught here, not in the validator.
    private static IEnumerable<string> NullElements(FormDefinition d)
    {
        static IEnumerable<string> In<T>(string path, IReadOnlyList<T> list) =>
            list.Select((item, i) => (item, i)).Where(x => x.item is null).Select(x => $"{path}[{x.i}]");

        static IEnumerable<string> Fields(string path, IReadOnlyList<FormField> fields) =>
            In(path, fields).Concat(fields.Select((f, i) => (f, i)).Where(x => x.f is not null).SelectMany(x =>
                In($"{path}[{x.i}].options", x.f.Options).Concat(Fields($"{path}[{x.i}].fields", x.f.Fields))));

        return In("$.rules", d.Rules)
            .Concat(In("$.sections", d.Sections))
            .Concat(d.Sections.Select((s, i) => (s, i)).Where(x => x.s is not null).SelectMany(x => Fields($"$.sections[{x.i}].fields", x.s.Fields)))
            .Concat(In("$.attachments", d.Attachments));
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

    public static string Serialize(FormDefinition definition) => JsonSerializer.Serialize(definition, Json);
}
