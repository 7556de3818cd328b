using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace YangFan.Benchmarks.Forms;

/// <summary>
/// Static checks run whenever a definition is loaded, uploaded or published. Reports every problem it finds, each
/// with the JSON path it concerns, so an author can fix them all in one go.
/// </summary>
public static partial class FormValidator
{
    public const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^templates/[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")]
    private static partial Regex TemplatePattern();

    /// <summary>
    /// Every error of the definition. <paramref name="templateExists"/> says whether a template file exists beside the
    /// definition (the shipped forms folder, for an import); null skips that check (an upload, whose missing templates
    /// are uploaded to the draft, and a publish, which checks the templates stored with the draft).
    /// </summary>
    public static IReadOnlyList<FormError> Validate(FormDefinition d, FormRuleCatalog rules, Func<string, bool>? templateExists = null)
    {
        var errors = new List<FormError>();
        void Error(string path, string message) => errors.Add(new FormError(path, message));

        if (!KeyPattern().IsMatch(d.Key ?? ""))
            Error("$.key", "Must be lower-case letters, digits and hyphens, starting with a letter.");
        if (d.Version < 1)
            Error("$.version", "Must be 1 or more.");
        if (!KeyPattern().IsMatch(d.Programme ?? ""))
            Error("$.programme", "Must be a programme key (seeds/programmes.json).");
        CheckText(d.Title, "$.title", Error, required: true);

        if (!CheckSchema(d.Schema, Error))
            return errors;

        // Listing title
        if (FormPointer.Segments(d.ListingTitle ?? "") is not { Count: > 0 } titlePath || titlePath.Contains("*"))
            Error("$.listingTitle", "Must be a JSON Pointer such as /projectTitle.");
        else if (FormSchema.At(d.Schema, titlePath) is not { } titleSchema)
            Error("$.listingTitle", $"'{d.ListingTitle}' is not a property of the schema.");
        else if (!FormSchema.Types(titleSchema).Contains("string"))
            Error("$.listingTitle", $"'{d.ListingTitle}' must be a string.");

        // Rules
        for (var i = 0; i < d.Rules.Count; i++)
        {
            var r = d.Rules[i];
            var rule = rules.Find(r.Name ?? "");
            if (rule is null)
                Error($"$.rules[{i}].name", $"Unknown rule '{r.Name}'. Rules: {string.Join(", ", rules.Names.Order())}.");
            if (FormPointer.Segments(r.Path ?? "") is not { Count: > 0 } segments)
                Error($"$.rules[{i}].path", "Must be a JSON Pointer such as /partners/*/creditCode.");
            else if (FormSchema.At(d.Schema, segments) is null)
                Error($"$.rules[{i}].path", $"'{r.Path}' is not a place in the schema ('*' stands for an array's items).");
            if (rule?.CheckArguments(r.Arguments) is { } argumentError)
                Error($"$.rules[{i}].arguments", argumentError);
        }

        // Sections and fields: every property shown exactly once, each by a widget that fits its type.
        var sectionKeys = new HashSet<string>(StringComparer.Ordinal);
        var shown = new Dictionary<string, string>(StringComparer.Ordinal);
        if (d.Sections.Count == 0)
            Error("$.sections", "At least one section is required.");
        for (var i = 0; i < d.Sections.Count; i++)
        {
            var s = d.Sections[i];
            var path = $"$.sections[{i}]";
            if (!KeyPattern().IsMatch(s.Key ?? ""))
                Error($"{path}.key", "Must be lower-case letters, digits and hyphens, starting with a letter.");
            else if (!sectionKeys.Add(s.Key!))
                Error($"{path}.key", $"Duplicate section '{s.Key}'.");
            CheckText(s.Title, $"{path}.title", Error, required: true);
            CheckText(s.Help, $"{path}.help", Error, required: false);
            if (s.Fields.Count == 0)
                Error($"{path}.fields", "At least one field is required.");
            CheckFields(s.Fields, $"{path}.fields", d.Schema, "", shown, Error);
        }
        foreach (var missing in AllProperties(d.Schema, "").Where(p => !shown.ContainsKey(p)))
            Error("$.sections", $"The schema's property '{missing}' is shown by no field.");

        // Attachments
        var kinds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < d.Attachments.Count; i++)
        {
            var a = d.Attachments[i];
            var path = $"$.attachments[{i}]";
            if (!KeyPattern().IsMatch(a.Kind ?? ""))
                Error($"{path}.kind", "Must be lower-case letters, digits and hyphens, starting with a letter.");
            else if (!kinds.Add(a.Kind!))
                Error($"{path}.kind", $"Duplicate attachment kind '{a.Kind}'.");
            CheckText(a.Name, $"{path}.name", Error, required: true);
            CheckText(a.Help, $"{path}.help", Error, required: false);
            if (a.HiddenInBlindReview is null)
                Error($"{path}.hiddenInBlindReview",
                    "Say whether experts in a blind review may see this kind: true hides it (it names the applicant), false shows it.");
            if (a.Template is { } template)
            {
                if (!TemplatePattern().IsMatch(template) || template.Contains("..", StringComparison.Ordinal))
                    Error($"{path}.template", "Must be a file name under templates/, such as templates/application-form.xlsx.");
                else if (templateExists is not null && !templateExists(template))
                    Error($"{path}.template", $"The template '{template}' does not exist beside the definition.");
            }
        }
        return errors;
    }

    /// <summary>The schema must be a valid 2020-12 schema of an object with properties.</summary>
    private static bool CheckSchema(JsonElement schema, Action<string, string> error)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            error("$.schema", "Must be a JSON Schema (an object).");
            return false;
        }
        if (schema.TryGetProperty("$schema", out var dialect) && dialect.GetString() != SchemaDialect)
        {
            error("$.schema.$schema", $"Must be {SchemaDialect} (JSON Schema 2020-12).");
            return false;
        }
        var meta = MetaSchemas.Draft202012.Evaluate(schema, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!meta.IsValid)
        {
            foreach (var detail in meta.Details ?? [])
                foreach (var (_, message) in detail.Errors ?? new Dictionary<string, string>())
                    error(JsonPath("$.schema", detail.InstanceLocation.ToString()), $"Not valid JSON Schema 2020-12: {message}.");
            return false;
        }
        try
        {
            JsonSchema.FromText(schema.GetRawText(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        }
        catch (Exception ex) when (ex is JsonSchemaException or JsonException or RefResolutionException)
        {
            error("$.schema", $"Not a usable JSON Schema: {ex.Message}");
            return false;
        }
        if (!FormSchema.Types(schema).SetEquals(["object"]))
        {
            error("$.schema.type", "The content is an object: the schema's type must be \"object\".");
            return false;
        }
        return true;
    }

    private static void CheckFields(IReadOnlyList<FormField> fields, string path, JsonElement schema, string prefix,
        Dictionary<string, string> shown, Action<string, string> error)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var at = $"{path}[{i}]";
            CheckText(f.Label, $"{at}.label", error, required: true);
            CheckText(f.Help, $"{at}.help", error, required: false);
            CheckText(f.Unit, $"{at}.unit", error, required: false);
            if (FormPointer.Segments(f.Path ?? "") is not { Count: > 0 } segments || segments.Contains("*"))
            {
                error($"{at}.path", "Must be a JSON Pointer such as /projectTitle.");
                continue;
            }
            var full = prefix + f.Path;
            if (FormSchema.At(schema, FormPointer.Segments(full)!) is not { } property)
            {
                error($"{at}.path", $"'{full}' is not a property of the schema.");
                continue;
            }
            if (!shown.TryAdd(full, at))
                error($"{at}.path", $"'{full}' is already shown by {shown[full]}.");
            if (!FormWidgets.All.Contains(f.Widget ?? ""))
            {
                error($"{at}.widget", $"Unknown widget '{f.Widget}'. Widgets: {string.Join(", ", FormWidgets.All)}.");
                continue;
            }
            if (WidgetMisfit(f.Widget!, property) is { } misfit)
                error($"{at}.widget", $"'{f.Widget}' does not fit '{full}': {misfit}");
            CheckOptions(f, at, property, error);
            if (f.Widget == FormWidgets.Table)
            {
                if (f.Fields.Count == 0)
                    error($"{at}.fields", "A table needs its columns.");
                CheckFields(f.Fields, $"{at}.fields", schema, full + "/*", shown, error);
            }
            else if (f.Fields.Count > 0)
                error($"{at}.fields", "Only a table has columns.");
        }
    }

    private static string? WidgetMisfit(string widget, JsonElement property)
    {
        var types = FormSchema.Types(property);
        var items = property.TryGetProperty("items", out var i) ? i : default;
        var itemTypes = items.ValueKind == JsonValueKind.Object ? FormSchema.Types(items) : new HashSet<string>();
        bool Is(params string[] allowed) => types.Count > 0 && types.Except(["null"]).All(allowed.Contains);
        bool ItemsAre(string type) => Is("array") && itemTypes.Count > 0 && itemTypes.Except(["null"]).All(t => t == type);
        return widget switch
        {
            FormWidgets.Text or FormWidgets.TextArea or FormWidgets.Province or FormWidgets.Sector =>
                Is("string") ? null : "needs a string.",
            FormWidgets.Number => Is("integer", "number") ? null : "needs an integer or a number.",
            FormWidgets.Date => Is("string") && property.TryGetProperty("format", out var format) && format.GetString() == "date"
                ? null : "needs a string of format \"date\".",
            FormWidgets.YesNo => Is("boolean") ? null : "needs a boolean.",
            FormWidgets.Select => Is("string") && FormSchema.EnumValues(property) is not null ? null : "needs a string with an enum.",
            FormWidgets.Checkboxes => ItemsAre("string") && FormSchema.EnumValues(items) is not null ? null : "needs an array of strings with an enum.",
            FormWidgets.Provinces or FormWidgets.Sectors or FormWidgets.List => ItemsAre("string") ? null : "needs an array of strings.",
            FormWidgets.Table => ItemsAre("object") ? null : "needs an array of objects.",
            _ => null,
        };
    }

    private static void CheckOptions(FormField f, string at, JsonElement property, Action<string, string> error)
    {
        var values = f.Widget switch
        {
            FormWidgets.Select => FormSchema.EnumValues(property),
            FormWidgets.Checkboxes when property.TryGetProperty("items", out var items) => FormSchema.EnumValues(items),
            _ => null,
        };
        if (values is null)
        {
            if (f.Options.Count > 0)
                error($"{at}.options", "Only select and checkboxes have options.");
            return;
        }
        for (var o = 0; o < f.Options.Count; o++)
        {
            CheckText(f.Options[o].Label, $"{at}.options[{o}].label", error, required: true);
            if (!values.Contains(f.Options[o].Value))
                error($"{at}.options[{o}].value", $"'{f.Options[o].Value}' is not a value of the schema's enum.");
        }
        var labelled = f.Options.Select(o => o.Value).ToHashSet(StringComparer.Ordinal);
        if (labelled.Count != f.Options.Count)
            error($"{at}.options", "A value is labelled twice.");
        foreach (var value in values.Where(v => !labelled.Contains(v)))
            error($"{at}.options", $"The enum's value '{value}' has no label.");
    }

    /// <summary>Every property the fields must show: the schema's properties and, for arrays of objects, their items'.</summary>
    private static IEnumerable<string> AllProperties(JsonElement schema, string prefix)
    {
        foreach (var name in FormSchema.PropertyNames(schema))
        {
            var pointer = FormPointer.Append(prefix, name);
            yield return pointer;
            var property = schema.GetProperty("properties").GetProperty(name);
            if (property.ValueKind == JsonValueKind.Object && property.TryGetProperty("items", out var items)
                && FormSchema.Types(items).Contains("object"))
                foreach (var column in AllProperties(items, pointer + "/*"))
                    yield return column;
        }
    }

    private static void CheckText(LocalizedText? text, string path, Action<string, string> error, bool required)
    {
        if (text is null)
        {
            if (required)
                error(path, "Needs both zh and en.");
            return;
        }
        if (string.IsNullOrWhiteSpace(text.Zh) || string.IsNullOrWhiteSpace(text.En))
            error(path, "Needs both zh and en.");
    }

    private static string JsonPath(string root, string pointer) =>
        root + string.Concat((FormPointer.Segments(pointer) ?? []).Select(s => s.All(char.IsAsciiDigit) ? $"[{s}]" : $".{s}"));
}
