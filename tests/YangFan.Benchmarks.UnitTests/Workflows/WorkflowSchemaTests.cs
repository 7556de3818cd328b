using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.UnitTests.Workflows;

/// <summary>
/// workflows/schema.json against the C# records the loader reads, and the default definitions against the schema.
/// No JSON Schema package is available, so <see cref="SchemaCheck"/> below implements the keywords the schema uses
/// and fails on any other, rather than silently ignoring it.
/// </summary>
public class WorkflowSchemaTests
{
    private static readonly JsonObject Schema =
        JsonNode.Parse(File.ReadAllText(Path.Combine(TestCatalog.WorkflowsFolder, "schema.json")))!.AsObject();

    public static TheoryData<string, Type> Objects => new()
    {
        { "#", typeof(WorkflowDefinition) },
        { "#/$defs/localizedText", typeof(LocalizedText) },
        { "#/$defs/state", typeof(StateDefinition) },
        { "#/$defs/timer", typeof(TimerDefinition) },
        { "#/$defs/transition", typeof(TransitionDefinition) },
        { "#/$defs/step", typeof(StepReference) },
        { "#/$defs/review", typeof(ReviewDefinition) },
        { "#/$defs/criterion", typeof(CriterionDefinition) },
        { "#/$defs/notice", typeof(NoticeDefinition) },
    };

    public static TheoryData<string> Keys => new(TestCatalog.AllKeys());

    [Fact]
    public void The_schema_is_draft_2020_12()
    {
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)Schema["$schema"]);
    }

    [Theory]
    [MemberData(nameof(Objects))]
    public void Each_schema_object_lists_exactly_the_camel_cased_properties_of_its_record_and_no_others(string pointer, Type record)
    {
        var schema = SchemaCheck.Resolve(Schema, pointer);
        // The definition's extension data holds the host's blocks, which the schema lists by name.
        var expected = record.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonExtensionDataAttribute>() is null)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Concat(record == typeof(WorkflowDefinition) ? TestCatalog.Create().Blocks.Select(b => b.Name) : []);

        Assert.Equal(expected.Order(StringComparer.Ordinal), schema["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("object", (string?)schema["type"]);
        Assert.False((bool?)schema["additionalProperties"], $"{pointer} must set additionalProperties to false, as the loader does");
    }

    [Fact]
    public void The_schema_allows_the_roles_the_engine_knows()
    {
        var roles = SchemaCheck.Resolve(Schema, "#/$defs/transition")["properties"]!["roles"]!["items"]!["enum"]!.AsArray();

        Assert.Equal(TestCatalog.Create().RoleNames.Order(StringComparer.Ordinal), roles.Select(r => (string)r!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_schema_allows_the_state_tags_the_API_declares()
    {
        var tags = SchemaCheck.Resolve(Schema, "#/$defs/state")["properties"]!["tags"]!["items"]!["enum"]!.AsArray();
        var declared = StateTags.ForApplications.Concat(StateTags.ForCalls).Select(t => t.Name).Distinct();

        Assert.Equal(declared.Order(StringComparer.Ordinal), tags.Select(t => (string)t!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_schema_allows_the_aggregations_the_validator_knows()
    {
        var aggregations = SchemaCheck.Resolve(Schema, "#/$defs/review")["properties"]!["aggregation"]!["enum"]!.AsArray();

        Assert.Equal(ReviewDefinition.Aggregations.Order(StringComparer.Ordinal), aggregations.Select(a => (string)a!).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Every_definition_file_conforms_to_the_schema(string key)
    {
        var definition = JsonNode.Parse(TestCatalog.ReadDefinition(key));

        Assert.Empty(SchemaCheck.Errors(Schema, definition, Schema, "$"));
    }

    [Theory]
    [InlineData("""{ "$schema": "./schema.json" }""", "$.$schema")]
    [InlineData("""{ "states": [{ "name": "Draft", "deadline": "P7D" }] }""", "$.states[0].deadline")]
    [InlineData("""{ "transitions": [{ "trigger": "go", "from": 5, "to": "B", "roles": ["Admin"] }] }""", "$.transitions[0].from")]
    [InlineData("""{ "transitions": [{ "trigger": "go", "from": "A", "to": "B" }] }""", "$.transitions[0]")]
    [InlineData("""{ "transitions": [{ "trigger": "go", "from": "A", "to": "B", "roles": ["Chair"] }] }""", "$.transitions[0].roles[0]")]
    [InlineData("""{ "states": [{ "name": "A", "timer": { "after": "P1D", "at": "noticeEnds", "trigger": "t" } }] }""", "$.states[0].timer")]
    [InlineData("""{ "states": [{ "name": "A", "timer": { "after": "7 days", "trigger": "t" } }] }""", "$.states[0].timer.after")]
    [InlineData("""{ "states": [{ "name": "A", "timer": { "after": "P1D", "offset": "P1D", "trigger": "t" } }] }""", "$.states[0].timer")]
    [InlineData("""{ "review": { "aggregation": "max" } }""", "$.review.aggregation")]
    public void The_schema_rejects_what_the_loader_or_validator_rejects(string edit, string path)
    {
        var definition = JsonNode.Parse(TestCatalog.ReadDefinition("demonstration-benchmark"))!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(edit)!.AsObject().ToList())
            definition[name] = value?.DeepClone();

        var errors = SchemaCheck.Errors(Schema, definition, Schema, "$");

        Assert.Contains(errors, e => e.StartsWith(path + ":", StringComparison.Ordinal));
    }

    /// <summary>Just enough JSON Schema (2020-12) for workflows/schema.json.</summary>
    private static class SchemaCheck
    {
        private static readonly HashSet<string> Annotations =
            ["$schema", "$id", "$defs", "title", "description", "default", "then", "else"];

        public static JsonObject Resolve(JsonObject root, string pointer)
        {
            JsonNode node = root;
            foreach (var part in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
                node = node[part] ?? throw new InvalidOperationException($"{pointer} does not resolve.");
            return node.AsObject();
        }

        public static List<string> Errors(JsonObject root, JsonNode? value, JsonNode schemaNode, string path)
        {
            var errors = new List<string>();
            var schema = schemaNode.AsObject();
            void Fail(string message) => errors.Add($"{path}: {message}");
            bool Conforms(JsonNode sub) => Errors(root, value, sub, path).Count == 0;

            foreach (var (keyword, arg) in schema)
            {
                switch (keyword)
                {
                    case var _ when Annotations.Contains(keyword):
                        break;
                    case "$ref":
                        errors.AddRange(Errors(root, value, Resolve(root, (string)arg!), path));
                        break;
                    case "type":
                        var types = arg is JsonArray many ? many.Select(t => (string)t!) : [(string)arg!];
                        if (!types.Any(t => HasType(value, t)))
                            Fail($"expected {string.Join(" or ", types)}");
                        break;
                    case "enum":
                        if (!arg!.AsArray().Any(e => JsonNode.DeepEquals(e, value)))
                            Fail($"not one of {arg.ToJsonString()}");
                        break;
                    case "const":
                        if (!JsonNode.DeepEquals(arg, value))
                            Fail($"not {arg!.ToJsonString()}");
                        break;
                    case "pattern":
                        if (value is JsonValue s && s.GetValueKind() == JsonValueKind.String && !Regex.IsMatch((string)s!, (string)arg!))
                            Fail($"does not match {arg}");
                        break;
                    case "minLength":
                        if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String && ((string)text!).Length < (int)arg!)
                            Fail("too short");
                        break;
                    case "minimum" or "maximum" or "exclusiveMinimum":
                        if (value is JsonValue n && n.GetValueKind() == JsonValueKind.Number)
                        {
                            var (number, bound) = ((decimal)n, (decimal)arg!);
                            if (keyword == "minimum" ? number < bound : keyword == "maximum" ? number > bound : number <= bound)
                                Fail($"{keyword} {bound}");
                        }
                        break;
                    case "minItems":
                        if (value is JsonArray tooFew && tooFew.Count < (int)arg!)
                            Fail($"fewer than {arg} items");
                        break;
                    case "uniqueItems":
                        if (value is JsonArray list && (bool)arg! &&
                            list.Select(i => i?.ToJsonString()).Distinct().Count() != list.Count)
                            Fail("items are not unique");
                        break;
                    case "items":
                        if (value is JsonArray items)
                            for (var i = 0; i < items.Count; i++)
                                errors.AddRange(Errors(root, items[i], arg!, $"{path}[{i}]"));
                        break;
                    case "properties":
                        if (value is JsonObject obj)
                            foreach (var (name, sub) in arg!.AsObject())
                                if (obj.TryGetPropertyValue(name, out var member))
                                    errors.AddRange(Errors(root, member, sub!, $"{path}.{name}"));
                        break;
                    case "additionalProperties":
                        if (value is JsonObject extra && arg!.GetValueKind() == JsonValueKind.False)
                            foreach (var (name, _) in extra)
                                if (schema["properties"]?[name] is null)
                                    errors.Add($"{path}.{name}: not allowed");
                        break;
                    case "required":
                        if (value is JsonObject required)
                            foreach (var name in arg!.AsArray().Select(r => (string)r!))
                                if (!required.ContainsKey(name))
                                    Fail($"'{name}' is required");
                        break;
                    case "dependentRequired":
                        if (value is JsonObject dependent)
                            foreach (var (name, needs) in arg!.AsObject())
                                if (dependent.ContainsKey(name))
                                    foreach (var need in needs!.AsArray().Select(r => (string)r!))
                                        if (!dependent.ContainsKey(need))
                                            Fail($"'{name}' needs '{need}'");
                        break;
                    case "oneOf":
                        var matches = arg!.AsArray().Count(sub => Conforms(sub!));
                        if (matches != 1)
                            Fail($"matches {matches} of oneOf, not exactly one");
                        break;
                    case "allOf":
                        foreach (var sub in arg!.AsArray())
                            errors.AddRange(Errors(root, value, sub!, path));
                        break;
                    case "not":
                        if (Conforms(arg!))
                            Fail($"must not match {arg!.ToJsonString()}");
                        break;
                    case "if":
                        var branch = Conforms(arg!) ? schema["then"] : schema["else"];
                        if (branch is not null)
                            errors.AddRange(Errors(root, value, branch, path));
                        break;
                    default:
                        throw new NotSupportedException($"The test's schema check does not implement '{keyword}' (at {path}).");
                }
            }
            return errors;
        }

        private static bool HasType(JsonNode? value, string type) => type switch
        {
            "null" => value is null,
            "object" => value is JsonObject,
            "array" => value is JsonArray,
            "string" => value?.GetValueKind() == JsonValueKind.String,
            "boolean" => value?.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
            "number" => value?.GetValueKind() == JsonValueKind.Number,
            "integer" => value?.GetValueKind() == JsonValueKind.Number && decimal.IsInteger((decimal)value),
            _ => throw new NotSupportedException($"Unknown type '{type}'."),
        };
    }
}
