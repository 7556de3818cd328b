using System.Globalization;
using System.Text.Json;

namespace YangFan.Benchmarks.Forms;

/// <summary>
/// A named check the schema cannot say (see <see cref="FormRule"/>). The host registers its rules in a
/// <see cref="FormRuleCatalog"/>; a definition naming a rule the catalog lacks is refused.
/// </summary>
public interface IFormRule
{
    string Name { get; }

    /// <summary>What the rule does, for the catalog an author reads.</summary>
    string Description { get; }

    /// <summary>Why the definition's arguments do not suit the rule, or null when they do.</summary>
    string? CheckArguments(JsonElement? arguments);

    /// <summary>
    /// The errors of one value the rule's path reached (never null or blank: those count as not given).
    /// <paramref name="pointer"/> is the value's JSON Pointer; an error may point below it.
    /// </summary>
    IEnumerable<ContentError> Check(JsonElement value, string pointer, JsonElement? arguments);
}

/// <summary>The rules a host offers to definitions, by name.</summary>
public sealed class FormRuleCatalog
{
    private readonly Dictionary<string, IFormRule> _rules;

    public FormRuleCatalog(IEnumerable<IFormRule> rules) =>
        _rules = rules.ToDictionary(r => r.Name, StringComparer.Ordinal);

    /// <summary>The rules every host has, that need nothing but the content: <c>filled-in</c> and <c>not-before</c>.</summary>
    public static IReadOnlyList<IFormRule> BuiltIn { get; } = [new FilledInRule(), new NotBeforeRule()];

    public IReadOnlyCollection<string> Names => _rules.Keys;

    public IReadOnlyCollection<IFormRule> Rules => _rules.Values;

    public IFormRule? Find(string name) => _rules.GetValueOrDefault(name);
}

/// <summary>
/// <c>filled-in</c>: the object (a table's row) must give each named property even in a draft: a row is added whole.
/// Arguments: the property names, e.g. <c>["metric", "baseline"]</c>.
/// </summary>
public sealed class FilledInRule : IFormRule
{
    public string Name => "filled-in";

    public string Description => "An object (a table's row) gives each of the named properties even in a draft. Arguments: an array of property names.";

    public string? CheckArguments(JsonElement? arguments) =>
        arguments is { ValueKind: JsonValueKind.Array } names && names.GetArrayLength() > 0
            && names.EnumerateArray().All(n => n.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(n.GetString()))
            ? null
            : "Needs an array of the property names that must be given.";

    public IEnumerable<ContentError> Check(JsonElement value, string pointer, JsonElement? arguments)
    {
        if (value.ValueKind != JsonValueKind.Object)
            yield break;
        foreach (var name in arguments!.Value.EnumerateArray().Select(n => n.GetString()!))
            if (!value.TryGetProperty(name, out _))
                yield return new ContentError(FormPointer.Append(pointer, name), ContentMessages.Required);
    }
}

/// <summary><c>not-before</c>: a date (yyyy-MM-dd) on or after the date given as the argument, e.g. <c>"2015-01-01"</c>.</summary>
public sealed class NotBeforeRule : IFormRule
{
    public string Name => "not-before";

    public string Description => "A date (yyyy-MM-dd) on or after the argument, itself a date such as \"2015-01-01\".";

    public string? CheckArguments(JsonElement? arguments) =>
        arguments is { ValueKind: JsonValueKind.String } date && TryDate(date.GetString(), out _) ? null : "Needs a date such as \"2015-01-01\".";

    public IEnumerable<ContentError> Check(JsonElement value, string pointer, JsonElement? arguments)
    {
        var earliest = arguments!.Value.GetString()!;
        TryDate(earliest, out var limit);
        // A value that is no date at all is the schema's "format" error, not this rule's.
        if (value.ValueKind == JsonValueKind.String && TryDate(value.GetString(), out var date) && date < limit)
            yield return new ContentError(pointer, new LocalizedText($"不能早于 {earliest}", $"Must not be before {earliest}."));
    }

    private static bool TryDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
