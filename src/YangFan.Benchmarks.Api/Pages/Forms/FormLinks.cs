using System.Text.Json;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.Pages.Forms;

/// <summary>The form pages' addresses, and what a form's JSON Schema says of one field, as the pages show it.</summary>
public static class FormLinks
{
    public static string Version(string key, int version) => $"/admin/forms/{Uri.EscapeDataString(key)}/{version}";

    public static string Template(string key, int version, string kind) =>
        $"/api/forms/{Uri.EscapeDataString(key)}/{version}/templates/{Uri.EscapeDataString(kind)}";

    /// <summary>The schema keywords that constrain a value, shown as they are written.</summary>
    private static readonly string[] Constraints =
        ["type", "format", "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
         "multipleOf", "minItems", "maxItems", "uniqueItems", "enum", "const"];

    /// <summary>
    /// Whether the schema requires the field at <paramref name="pointer"/> (its parent object lists it in
    /// <c>required</c>) and the constraints the schema puts on it; an unknown pointer has neither.
    /// </summary>
    public static (bool Required, IReadOnlyList<string> Rules) Facts(FormDefinition form, string pointer)
    {
        var node = form.Schema;
        var required = false;
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(s => s.Replace("~1", "/").Replace("~0", "~")))
        {
            if (node.ValueKind != JsonValueKind.Object)
                return (false, []);
            if (segment == "*")
            {
                // A list's or table's items: its fields' pointers are relative to one item.
                if (!node.TryGetProperty("items", out var items))
                    return (false, []);
                node = items;
                continue;
            }
            if (!node.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object
                || !properties.TryGetProperty(segment, out var child))
                return (false, []);
            required = node.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
                && list.EnumerateArray().Any(r => r.ValueKind == JsonValueKind.String && r.GetString() == segment);
            node = child;
        }
        if (node.ValueKind != JsonValueKind.Object)
            return (required, []);
        var rules = Constraints.Where(c => node.TryGetProperty(c, out _))
            .Select(c => $"{c}: {node.GetProperty(c).GetRawText()}")
            .Concat(form.Rules.Where(r => r.Path == pointer).Select(r => r.Arguments is { } args ? $"{r.Name} {args.GetRawText()}" : r.Name))
            .ToList();
        return (required, rules);
    }
}
