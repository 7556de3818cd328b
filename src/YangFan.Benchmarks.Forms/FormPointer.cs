using System.Text.Json;

namespace YangFan.Benchmarks.Forms;

/// <summary>JSON Pointers (RFC 6901) over content and over a form's schema, where <c>*</c> stands for every item.</summary>
public static class FormPointer
{
    public static string Append(string pointer, string segment) =>
        pointer + "/" + segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    public static string Append(string pointer, int index) => pointer + "/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The unescaped segments of a pointer; null when it is not one (it must be empty or start with '/').</summary>
    public static IReadOnlyList<string>? Segments(string pointer)
    {
        if (pointer.Length == 0)
            return [];
        if (pointer[0] != '/')
            return null;
        return pointer[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Every value a path with <c>*</c> wildcards reaches in the content, with its own pointer.</summary>
    public static IEnumerable<(string Pointer, JsonElement Value)> Expand(JsonElement content, IReadOnlyList<string> segments)
    {
        IEnumerable<(string, JsonElement)> reached = [("", content)];
        foreach (var segment in segments)
            reached = reached.SelectMany(x => Step(x.Item1, x.Item2, segment)).ToList();
        return reached;

        static IEnumerable<(string, JsonElement)> Step(string pointer, JsonElement value, string segment)
        {
            if (segment == "*")
            {
                if (value.ValueKind == JsonValueKind.Array)
                    foreach (var (item, i) in value.EnumerateArray().Select((item, i) => (item, i)))
                        yield return (Append(pointer, i), item);
            }
            else if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(segment, out var child))
                yield return (Append(pointer, segment), child);
        }
    }

    /// <summary>The value at a pointer without wildcards, if present.</summary>
    public static JsonElement? Resolve(JsonElement content, string pointer)
    {
        var current = content;
        foreach (var segment in Segments(pointer) ?? [])
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
                current = child;
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, out var index) && index >= 0 && index < current.GetArrayLength())
                current = current[index];
            else
                return null;
        }
        return current;
    }
}

/// <summary>Walks a form's schema as the form sees it: <c>properties</c> of objects and <c>items</c> of arrays.</summary>
public static class FormSchema
{
    /// <summary>
    /// The subschema a content path leads to: a name steps into <c>properties</c>, <c>*</c> (or an index) into
    /// <c>items</c>. Null when the schema has no such place.
    /// </summary>
    public static JsonElement? At(JsonElement schema, IEnumerable<string> segments)
    {
        var current = schema;
        foreach (var segment in segments)
        {
            if (current.ValueKind != JsonValueKind.Object)
                return null;
            if (segment != "*" && current.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty(segment, out var property))
                current = property;
            else if ((segment == "*" || segment.All(char.IsAsciiDigit)) && current.TryGetProperty("items", out var items))
                current = items;
            else
                return null;
        }
        return current;
    }

    /// <summary>The JSON types a subschema allows by its <c>type</c>, or by the values of its <c>enum</c>.</summary>
    public static IReadOnlySet<string> Types(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
            return new HashSet<string>();
        if (schema.TryGetProperty("type", out var type))
            return type.ValueKind switch
            {
                JsonValueKind.String => new HashSet<string> { type.GetString()! },
                JsonValueKind.Array => type.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!).ToHashSet(),
                _ => new HashSet<string>(),
            };
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
            return values.EnumerateArray().Select(v => v.ValueKind switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Number => "number",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                JsonValueKind.Null => "null",
                JsonValueKind.Array => "array",
                _ => "object",
            }).ToHashSet();
        return new HashSet<string>();
    }

    /// <summary>The names of an object schema's <c>properties</c>, in order.</summary>
    public static IReadOnlyList<string> PropertyNames(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().Select(p => p.Name).ToList()
            : [];

    /// <summary>The string values of a subschema's <c>enum</c>, if it has one.</summary>
    public static IReadOnlyList<string>? EnumValues(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()).ToList()
            : null;
}
