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
        foreach (var field in definition.Sections.SelectMany(s => s.Fields))
            ReadField(content, definition.Schema, field, "", posted, removedRow);
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
        foreach (var segment in FormPointer.Segments(pointer) ?? [])
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

    private static void ReadField(JsonObject target, JsonElement? parentSchema, FormField field, string parent,
        Func<string, StringValues> posted, string? removedRow)
    {
        var pointer = parent + field.Path;
        var schema = SchemaAt(parentSchema, field.Path);
        JsonNode? value;
        switch (field.Widget)
        {
            case FormWidgets.Table or FormWidgets.List:
                var items = ItemsOf(schema);
                var rows = new JsonArray();
                for (var i = 0; i < RowCount(posted(RowsName(pointer))); i++)
                {
                    var row = $"{pointer}/{i}";
                    if (row == removedRow)
                        continue;
                    if (field.Widget == FormWidgets.List)
                    {
                        if (Scalar(items, posted(Name(row)).FirstOrDefault()) is { } item)
                            rows.Add(item);
                        continue;
                    }
                    var cells = new JsonObject();
                    foreach (var column in field.Fields)
                        ReadField(cells, items, column, row, posted, removedRow);
                    if (cells.Count > 0)
                        rows.Add(cells);
                }
                value = rows.Count > 0 ? rows : null;
                break;
            case FormWidgets.Checkboxes or FormWidgets.Provinces or FormWidgets.Sectors:
                var items2 = ItemsOf(schema);
                var chosen = new JsonArray();
                foreach (var text in posted(Name(pointer)))
                    if (Scalar(items2, text) is { } item)
                        chosen.Add(item);
                value = chosen.Count > 0 ? chosen : null;
                break;
            default:
                value = Scalar(schema, posted(Name(pointer)).FirstOrDefault());
                break;
        }
        if (value is not null)
            Set(target, field.Path, value);
    }

    private static int RowCount(StringValues posted) =>
        int.TryParse(posted.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? Math.Min(count, 1000) : 0;

    /// <summary>Posted text as the schema's type; text that is not of that type stays text, for the validation to refuse.</summary>
    private static JsonNode? Scalar(JsonElement? schema, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
            return null;
        text = text.Trim();
        return ValueType(schema) switch
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
        var segments = FormPointer.Segments(path) ?? [];
        var node = target;
        foreach (var segment in segments.Take(segments.Count - 1))
        {
            if (node[segment] is not JsonObject next)
                node[segment] = next = new JsonObject();
            node = next;
        }
        node[segments[^1]] = value;
    }

    /// <summary>The schema at a path relative to <paramref name="from"/> (its properties and items, as the form walks it).</summary>
    public static JsonElement? SchemaAt(JsonElement? from, string path) =>
        from is { } schema ? FormSchema.At(schema, FormPointer.Segments(path) ?? []) : null;

    /// <summary>The schema of an array's items.</summary>
    public static JsonElement? ItemsOf(JsonElement? array) => SchemaAt(array, "/*");

    /// <summary>How a value's text is read: <c>integer</c>, <c>number</c>, <c>boolean</c>, or else <c>string</c>.</summary>
    public static string ValueType(JsonElement? schema)
    {
        var types = schema is { } s ? FormSchema.Types(s) : new HashSet<string>();
        return types.Contains("integer") ? "integer" : types.Contains("number") ? "number" : types.Contains("boolean") ? "boolean" : "string";
    }
}
