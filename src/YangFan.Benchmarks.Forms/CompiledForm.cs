using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace YangFan.Benchmarks.Forms;

/// <summary>
/// A valid definition ready to check content: its schema built twice, once complete (for submission) and once for the
/// shape of a draft (without <c>required</c>, <c>minLength</c> and <c>minItems</c>). Immutable and thread-safe, so a
/// published version is built once per process.
/// </summary>
public sealed class CompiledForm
{
    private static readonly string[] CompletenessKeywords = ["required", "minLength", "minItems"];
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly JsonSchema _complete;
    private readonly JsonSchema _shape;
    private readonly IReadOnlyList<(IFormRule Rule, IReadOnlyList<string> Path, JsonElement? Arguments)> _rules;

    public CompiledForm(FormDefinition definition, FormRuleCatalog catalog, string contentHash)
    {
        Definition = definition;
        ContentHash = contentHash;
        KindsHiddenInBlindReview = definition.Attachments.Where(a => a.HiddenInBlindReview == true).Select(a => a.Kind).ToHashSet(StringComparer.Ordinal);
        _complete = Build(definition.Schema.GetRawText());
        var shape = JsonNode.Parse(definition.Schema.GetRawText())!;
        WithoutCompleteness(shape);
        _shape = Build(shape.ToJsonString());
        _rules = definition.Rules.Select(r => (catalog.Find(r.Name) ?? throw new InvalidOperationException($"Unknown rule '{r.Name}'."),
            FormPointer.Segments(r.Path) ?? [], r.Arguments)).ToList();
    }

    public FormDefinition Definition { get; }
    public string Key => Definition.Key;
    public int Version => Definition.Version;
    public string ContentHash { get; }

    /// <summary>The attachment kinds the form defines, in order.</summary>
    public IReadOnlyList<string> AttachmentKinds => Definition.Attachments.Select(a => a.Kind).ToList();

    /// <summary>The kinds that must be attached before submission.</summary>
    public IReadOnlyList<string> RequiredAttachmentKinds => Definition.Attachments.Where(a => a.Required).Select(a => a.Kind).ToList();

    /// <summary>The kinds withheld from experts in a blind review, because they name the applicant.</summary>
    public IReadOnlySet<string> KindsHiddenInBlindReview { get; }

    /// <summary>
    /// Every error of the content: with <paramref name="complete"/> false the shape of a draft (every schema keyword
    /// but <c>required</c>, <c>minLength</c> and <c>minItems</c>, and the rules), with true everything. A property
    /// whose value is null, or a string of only white space, counts as not given.
    /// </summary>
    public IReadOnlyList<ContentError> Check(JsonElement content, bool complete)
    {
        if (content.ValueKind != JsonValueKind.Object)
            return [new ContentError("", ContentMessages.NotAnObject)];
        // A member given twice would be stored as sent and read back as either value.
        if (Repeated(content, "").ToList() is { Count: > 0 } repeated)
            return repeated;
        var given = Given(content);
        var schema = complete ? _complete : _shape;
        var errors = new List<ContentError>();
        var results = schema.Evaluate(given, Evaluation);
        if (!results.IsValid)
            foreach (var detail in results.Details ?? [])
                foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
                    errors.AddRange(FromSchema(given, detail.InstanceLocation.ToString(), keyword, message));
        foreach (var (rule, path, arguments) in _rules)
            foreach (var (pointer, value) in FormPointer.Expand(given, path))
                errors.AddRange(rule.Check(value, pointer, arguments));
        return errors.DistinctBy(e => (e.Pointer, e.Message.En)).ToList();
    }

    /// <summary>The strings the rules named <paramref name="rule"/> reach in the content, e.g. every credit code it names.</summary>
    public IEnumerable<string> ValuesOf(string rule, JsonElement content) =>
        _rules.Where(r => r.Rule.Name == rule).SelectMany(r => FormPointer.Expand(content, r.Path))
            .Where(x => x.Value.ValueKind == JsonValueKind.String).Select(x => x.Value.GetString()!);

    /// <summary>The string the application is listed under (<see cref="FormDefinition.ListingTitle"/>), trimmed; "" when not given.</summary>
    public string ListingTitle(JsonElement content) =>
        FormPointer.Resolve(content, Definition.ListingTitle) is { ValueKind: JsonValueKind.String } title ? title.GetString()!.Trim() : "";

    private IEnumerable<ContentError> FromSchema(JsonElement content, string pointer, string keyword, string message)
    {
        var segments = FormPointer.Segments(pointer) ?? [];
        var subschema = FormSchema.At(Definition.Schema, segments);
        if (keyword == "required")
        {
            // The library reports the object; the applicant needs to know which of its fields is missing.
            var value = FormPointer.Resolve(content, pointer);
            var names = subschema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("required", out var required)
                ? required.EnumerateArray().Select(n => n.GetString()!).ToList()
                : [];
            var missing = names.Where(n => value is not { ValueKind: JsonValueKind.Object } o || !o.TryGetProperty(n, out _)).ToList();
            if (missing.Count > 0)
            {
                foreach (var name in missing)
                    yield return new ContentError(FormPointer.Append(pointer, name), ContentMessages.Required);
                yield break;
            }
        }
        if (keyword is "" && subschema is null)
        {
            yield return new ContentError(pointer, ContentMessages.UnknownField);
            yield break;
        }
        yield return new ContentError(pointer, ContentMessages.For(keyword, subschema, message));
    }

    private static IEnumerable<ContentError> Repeated(JsonElement value, string pointer)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in value.EnumerateObject())
            {
                var at = FormPointer.Append(pointer, property.Name);
                if (!seen.Add(property.Name))
                    yield return new ContentError(at, ContentMessages.GivenTwice);
                foreach (var error in Repeated(property.Value, at))
                    yield return error;
            }
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
                foreach (var error in Repeated(item, FormPointer.Append(pointer, i++)))
                    yield return error;
        }
    }

    /// <summary>The content without properties that are null or blank: what the applicant has given.</summary>
    private static JsonElement Given(JsonElement content)
    {
        var node = JsonNode.Parse(content.GetRawText())!;
        Prune(node);
        return JsonSerializer.SerializeToElement(node);

        static void Prune(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o.ToList())
                        if (value is null || (value.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetValue<string>())))
                            o.Remove(name);
                        else
                            Prune(value);
                    break;
                case JsonArray a:
                    foreach (var item in a)
                        Prune(item);
                    break;
            }
        }
    }

    private static JsonSchema Build(string schema) =>
        JsonSchema.FromText(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static readonly string[] SchemaMaps = ["properties", "patternProperties", "$defs", "dependentSchemas"];
    private static readonly string[] SchemaLists = ["prefixItems", "allOf", "anyOf", "oneOf"];
    private static readonly string[] SchemaValues =
        ["items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains", "propertyNames", "not", "if", "then", "else"];

    private static void WithoutCompleteness(JsonNode? schema)
    {
        if (schema is not JsonObject o)
            return;
        foreach (var keyword in CompletenessKeywords)
            o.Remove(keyword);
        foreach (var map in SchemaMaps)
            if (o[map] is JsonObject children)
                foreach (var (_, child) in children)
                    WithoutCompleteness(child);
        foreach (var list in SchemaLists)
            if (o[list] is JsonArray children)
                foreach (var child in children)
                    WithoutCompleteness(child);
        foreach (var value in SchemaValues)
            WithoutCompleteness(o[value]);
    }
}
