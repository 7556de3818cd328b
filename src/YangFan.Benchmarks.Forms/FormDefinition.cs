using System.Text.Json;

namespace YangFan.Benchmarks.Forms;

/// <summary>
/// A programme's application form as written in JSON (<c>forms/&lt;key&gt;.json</c>, see docs/forms.md): the content's
/// JSON Schema (2020-12), the named rules the schema cannot say, how the form is laid out, and the attachments it asks
/// for. Versioned like a workflow: a published version never changes, and a call pins the version it opened with.
/// </summary>
public sealed record FormDefinition
{
    /// <summary>The form's key; the shipped forms use the programme's key.</summary>
    public string Key { get; init; } = "";
    public int Version { get; init; }

    /// <summary>The programme whose calls may use the form (seeds/programmes.json).</summary>
    public string Programme { get; init; } = "";
    public LocalizedText? Title { get; init; }

    /// <summary>JSON Pointer to the string listed as the application's title (project, solution or centre name).</summary>
    public string ListingTitle { get; init; } = "";

    /// <summary>
    /// The content's JSON Schema (2020-12), describing a complete application: what <c>required</c>, <c>minLength</c>
    /// and <c>minItems</c> ask for is checked on submission only; every other keyword also on each save of a draft.
    /// </summary>
    public JsonElement Schema { get; init; }

    /// <summary>Named rules from the host's library that the schema cannot say, each at the paths it applies to.</summary>
    public IReadOnlyList<FormRule> Rules { get; init; } = [];

    /// <summary>The form's sections in order; every property of the schema appears in exactly one field.</summary>
    public IReadOnlyList<FormSection> Sections { get; init; } = [];

    /// <summary>The kinds of attachment the form asks for, in the order they are shown.</summary>
    public IReadOnlyList<AttachmentKindDefinition> Attachments { get; init; } = [];
}

/// <summary>A text in Chinese and English.</summary>
public sealed record LocalizedText(string Zh, string En)
{
    /// <summary>The text in the given language ("zh" first; anything else is English).</summary>
    public string In(string language) => language.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Zh : En;
}

/// <summary>
/// A named rule (e.g. <c>credit-code</c>, <c>province-code</c>, <c>sector-code</c>) applied at each value its path
/// reaches. <see cref="Path"/> is a JSON Pointer in which <c>*</c> stands for every item of an array, e.g.
/// <c>/partners/*/creditCode</c>. <see cref="Arguments"/> is the rule's own settings, if it takes any.
/// </summary>
public sealed record FormRule(string Name, string Path, JsonElement? Arguments = null);

/// <summary>A group of fields with a heading.</summary>
public sealed record FormSection
{
    public string Key { get; init; } = "";
    public LocalizedText Title { get; init; } = new("", "");
    public LocalizedText? Help { get; init; }
    public IReadOnlyList<FormField> Fields { get; init; } = [];
}

/// <summary>
/// One input of the form. <see cref="Path"/> is a JSON Pointer relative to the enclosing object: the content for a
/// section's fields, the item for a <c>table</c>'s columns. The value's type, limits and allowed values come from the
/// schema at that path; the field says only how to show it.
/// </summary>
public sealed record FormField
{
    public string Path { get; init; } = "";
    public LocalizedText Label { get; init; } = new("", "");
    public LocalizedText? Help { get; init; }

    /// <summary>How the value is entered: see <see cref="FormWidgets"/>.</summary>
    public string Widget { get; init; } = FormWidgets.Text;

    /// <summary>Labels of an enumeration's values (<c>select</c>, <c>radio</c>, <c>checkboxes</c>), in the order shown.</summary>
    public IReadOnlyList<FormOption> Options { get; init; } = [];

    /// <summary>The columns of a <c>table</c>: fields of each item, with paths relative to the item.</summary>
    public IReadOnlyList<FormField> Fields { get; init; } = [];

    /// <summary>A unit shown after a number, e.g. 万元.</summary>
    public LocalizedText? Unit { get; init; }
}

/// <summary>A value of an enumeration and its label.</summary>
public sealed record FormOption(string Value, LocalizedText Label);

/// <summary>The widgets a field may use.</summary>
public static class FormWidgets
{
    /// <summary>One line of text.</summary>
    public const string Text = "text";
    /// <summary>Several lines of text.</summary>
    public const string TextArea = "textarea";
    /// <summary>A number (integer or decimal, as the schema says).</summary>
    public const string Number = "number";
    /// <summary>A date (yyyy-MM-dd).</summary>
    public const string Date = "date";
    /// <summary>Yes or no (a boolean).</summary>
    public const string YesNo = "yes-no";
    /// <summary>One of the field's options.</summary>
    public const string Select = "select";
    /// <summary>Several of the field's options (an array of distinct values).</summary>
    public const string Checkboxes = "checkboxes";
    /// <summary>A province from the reference data (GB/T 2260 code).</summary>
    public const string Province = "province";
    /// <summary>Several provinces (an array of codes).</summary>
    public const string Provinces = "provinces";
    /// <summary>A key sector from the reference data (sector code).</summary>
    public const string Sector = "sector";
    /// <summary>Several key sectors (an array of codes).</summary>
    public const string Sectors = "sectors";
    /// <summary>An array of strings, one per row.</summary>
    public const string List = "list";
    /// <summary>An array of objects, one row per item, with <see cref="FormField.Fields"/> as columns.</summary>
    public const string Table = "table";

    public static readonly IReadOnlySet<string> All = new HashSet<string>
    {
        Text, TextArea, Number, Date, YesNo, Select, Checkboxes, Province, Provinces, Sector, Sectors, List, Table,
    };
}

/// <summary>
/// A kind of attachment the form asks for, e.g. <c>business-licence</c>; <see cref="Template"/> is a file beside the
/// definition (<c>forms/templates/…</c>) that applicants download and fill in, if the kind has one.
/// </summary>
public sealed record AttachmentKindDefinition
{
    public string Kind { get; init; } = "";
    public LocalizedText Name { get; init; } = new("", "");
    public LocalizedText? Help { get; init; }
    public bool Required { get; init; }

    /// <summary>
    /// Whether experts in a blind review must not see attachments of this kind because they name the applicant by
    /// their nature (a business licence, a recommendation letter). Every kind says it, true or false: the validator
    /// refuses a kind that does not, so a new kind is never shown to blind reviewers by omission.
    /// </summary>
    public bool? HiddenInBlindReview { get; init; }

    public string? Template { get; init; }
}
