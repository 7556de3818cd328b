using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.Pages.Applications;

/// <summary>
/// The form of <see cref="FormFields"/> and its inverse: which name each value is posted under, and the content JSON
/// read back from the posted fields. A value is posted under <c>content</c> + its JSON Pointer
/// (<c>content/partners/0/name</c>); the rows of a <c>list</c> or <c>table</c> are counted in <c>rows:</c> + its pointer, so
/// a row whose inputs post nothing (unticked boxes) still has its place. What the schema says a value is decides how its
/// text is read (integer, number, boolean, string); text that is not what the schema asks for is kept as text, so
/// the validation refuses it beside its field and the page shows what was typed. Empty values, rows and lists are read
/// as absent.
/// </summary>
public static class FormContent
{
    public const string Prefix = "content";
    public const string RowsPrefix = "rows:";

    /// <summary>The name a value at <paramref name="pointer"/> is posted under.</summary>
    public static string Name(string pointer) => Prefix + pointer;

    /// <summary>The hidden field that counts the rows of the list or table at <paramref name="pointer"/>.</summary>
    public static string RowsName(string pointer) => RowsPrefix + pointer;

    /// <summary>An HTML id for the input of a pointer (<c>f-partners-0-name</c>).</summary>
    public static string Id(string pointer) => "f" + pointer.Replace('/', '-').Replace('~', '_');

    /// <summary>
    /// The content the posted fields describe. <paramref name="removedRow"/> is the pointer of a row the post asked to
    /// remove (<c>/partners/1</c>): it is left out.
    /// </summary>
    public static JsonObject Read(FormDefinition definition, Func<string, StringValues> posted, string? removedRow = null)
    {
        var content = new JsonObject();
        var schema = new Schema(definition.Schema);
        foreach (var field in definition.Sections.SelectMany(s => s.Fields))
            ReadField(content, schema, definition.Schema, field, "", posted, removedRow);
        return content;
    }

    /// <summary>Adds an empty row to the list or table at <paramref name="pointer"/> (creating it), for the page to show.</summary>
    public static void AddRow(JsonObject content, FormDefinition definition, string pointer)
    {
        var field = FieldAt(definition, pointer);
        if (field?.Widget is not (FormWidgets.List or FormWidgets.Table))
            return;
        if (Node(content, pointer) is not JsonArray rows)
        {
            rows = [];
            Set(content, pointer, rows);
        }
        rows.Add(field.Widget == FormWidgets.Table ? new JsonObject() : JsonValue.Create(""));
    }

    /// <summary>The field whose value is at <paramref name="pointer"/> (row indexes skipped), or null.</summary>
    public static FormField? FieldAt(FormDefinition definition, string pointer)
    {
        IEnumerable<FormField> fields = definition.Sections.SelectMany(s => s.Fields);
        var rest = pointer;
        while (rest.Length > 0)
        {
            var field = fields.FirstOrDefault(f => rest == f.Path || rest.StartsWith(f.Path + "/", StringComparison.Ordinal));
            if (field is null)
                return null;
            rest = rest[field.Path.Length..];
            if (rest.Length == 0)
                return field;
            // Past the field: an index of its rows, then a column's path.
            var index = rest.IndexOf('/', 1);
            rest = index < 0 ? "" : rest[index..];
            if (rest.Length == 0)
                return field;
            fields = field.Fields;
        }
        return null;
    }

    /// <summary>The node at a JSON Pointer, or null.</summary>
    public static JsonNode? Node(JsonNode? node, string pointer)
    {
        foreach (var segment in Segments(pointer))
            node = node switch
            {
                JsonObject o => o[segment],
                JsonArray a when int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                _ => null,
            };
        return node;
    }

    /// <summary>A value's text as an input shows it.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        _ => node.ToJsonString(),
    };

    public static IEnumerable<string> Segments(string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/").Replace("~0", "~"));

    private static void ReadField(JsonObject target, Schema root, JsonElement? parentSchema, FormField field, string parent,
        Func<string, StringValues> posted, string? removedRow)
    {
        var pointer = parent + field.Path;
        var schema = root.At(parentSchema, field.Path);
        JsonNode? value;
        switch (field.Widget)
        {
            case FormWidgets.Table or FormWidgets.List:
                var items = root.Items(schema);
                var rows = new JsonArray();
                for (var i = 0; i < RowCount(posted(RowsName(pointer))); i++)
                {
                    var row = $"{pointer}/{i}";
                    if (row == removedRow)
                        continue;
                    if (field.Widget == FormWidgets.List)
                    {
                        if (Scalar(root, items, posted(Name(row)).FirstOrDefault()) is { } item)
                            rows.Add(item);
                        continue;
                    }
                    var cells = new JsonObject();
                    foreach (var column in field.Fields)
                        ReadField(cells, root, items, column, row, posted, removedRow);
                    if (cells.Count > 0)
                        rows.Add(cells);
                }
                value = rows.Count > 0 ? rows : null;
                break;
            case FormWidgets.Checkboxes or FormWidgets.Provinces or FormWidgets.Sectors:
                var items2 = root.Items(schema);
                var chosen = new JsonArray();
                foreach (var text in posted(Name(pointer)))
                    if (Scalar(root, items2, text) is { } item)
                        chosen.Add(item);
                value = chosen.Count > 0 ? chosen : null;
                break;
            default:
                value = Scalar(root, schema, posted(Name(pointer)).FirstOrDefault());
                break;
        }
        if (value is not null)
            Set(target, field.Path, value);
    }

    private static int RowCount(StringValues posted) =>
        int.TryParse(posted.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? Math.Min(count, 1000) : 0;

    /// <summary>Posted text as the schema's type; text that is not of that type stays text, for the validation to refuse.</summary>
    private static JsonNode? Scalar(Schema root, JsonElement? schema, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        text = text.Trim();
        return root.Type(schema) switch
        {
            "integer" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            "number" when decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d)
                => JsonValue.Create(d),
            "boolean" when bool.TryParse(text, out var b) => JsonValue.Create(b),
            _ => JsonValue.Create(text),
        };
    }

    private static void Set(JsonObject target, string path, JsonNode value)
    {
        var segments = Segments(path).ToList();
        var node = target;
        foreach (var segment in segments[..^1])
        {
            if (node[segment] is not JsonObject next)
                node[segment] = next = new JsonObject();
            node = next;
        }
        node[segments[^1]] = value;
    }

    /// <summary>The content's JSON Schema, walked by pointer: properties, array items, local <c>$ref</c>s.</summary>
    public sealed class Schema(JsonElement root)
    {
        /// <summary>The schema at a path relative to <paramref name="from"/> (the root when null).</summary>
        public JsonElement? At(JsonElement? from, string path)
        {
            var schema = Resolve(from ?? root);
            foreach (var segment in Segments(path))
            {
                if (schema is not { } s)
                    return null;
                if (s.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                    && properties.TryGetProperty(segment, out var property))
                    schema = Resolve(property);
                else if (char.IsAsciiDigit(segment[0]))
                    schema = Items(s);
                else
                    return null;
            }
            return schema;
        }

        /// <summary>The schema of an array's items.</summary>
        public JsonElement? Items(JsonElement? array) =>
            Resolve(array) is { } a && a.TryGetProperty("items", out var items) ? Resolve(items) : null;

        /// <summary>The schema's type, ignoring <c>null</c> (a field may be left empty); an enumeration without one is of strings.</summary>
        public string? Type(JsonElement? schema)
        {
            if (Resolve(schema) is not { } s)
                return null;
            if (s.TryGetProperty("type", out var type))
                return type.ValueKind == JsonValueKind.Array
                    ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
                    : type.GetString();
            return s.TryGetProperty("enum", out var values) && values.EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Number }
                ? "number"
                : null;
        }

        private JsonElement? Resolve(JsonElement? schema)
        {
            for (var depth = 0; depth < 16 && schema is { ValueKind: JsonValueKind.Object } s && s.TryGetProperty("$ref", out var reference); depth++)
                schema = reference.GetString() is ['#', .. var local] ? Node(root, local) : null;
            return schema is { ValueKind: JsonValueKind.Object } ? schema : null;
        }

        private static JsonElement? Node(JsonElement element, string pointer)
        {
            foreach (var segment in Segments(pointer))
                if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
                    return null;
            return element;
        }
    }
}
