using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace YangFan.Benchmarks.Api.Mail;

/// <summary>A rendered e-mail: what goes in the subject line and the plain-text body.</summary>
public sealed record RenderedMail(string Subject, string Body);

/// <summary>
/// The e-mail templates: one file per template and language under <c>Mail/Templates</c>, named
/// <c>&lt;Template&gt;.zh-CN.txt</c> and <c>&lt;Template&gt;.en.txt</c>, built into the assembly. A file's first line is
/// <c>Subject: …</c>, then a blank line, then the body. <c>{{name}}</c> is replaced by the value of that name; a
/// template that names a value it is not given is refused, so a template and its event cannot drift apart unnoticed
/// (the render test renders every template with its event's values).
/// </summary>
public static partial class MailTemplates
{
    private const string Prefix = "YangFan.Benchmarks.Api.Mail.Templates.";

    private static readonly FrozenDictionary<string, string> Files = Load();

    /// <summary>Every template name that has files, e.g. <c>PasswordReset</c>.</summary>
    public static IReadOnlyCollection<string> Names { get; } =
        Files.Keys.Select(k => k[..k.LastIndexOf('.', k.LastIndexOf('.') - 1)]).Distinct().Order().ToArray();

    /// <summary>Renders <paramref name="template"/> in <paramref name="language"/> (<c>zh-CN</c> or <c>en</c>) with <paramref name="values"/>.</summary>
    public static RenderedMail Render(string template, string language, IReadOnlyDictionary<string, object?> values)
    {
        var key = $"{template}.{language}.txt";
        if (!Files.TryGetValue(key, out var text))
            throw new InvalidOperationException($"No e-mail template Mail/Templates/{key}.");
        var newline = text.IndexOf('\n');
        var first = (newline < 0 ? text : text[..newline]).TrimEnd('\r');
        if (!first.StartsWith("Subject: ", StringComparison.Ordinal))
            throw new InvalidOperationException($"Mail/Templates/{key} must begin with 'Subject: '.");
        var culture = CultureInfo.GetCultureInfo(language);
        var subject = Fill(first["Subject: ".Length..], values, culture, key);
        var body = Fill(newline < 0 ? "" : text[(newline + 1)..].TrimStart('\r', '\n').TrimEnd(), values, culture, key);
        return new RenderedMail(subject, body);
    }

    /// <summary>The names a template's files use, in either language.</summary>
    public static IReadOnlySet<string> Placeholders(string template) =>
        Files.Where(f => f.Key.StartsWith(template + ".", StringComparison.Ordinal) && f.Key.Count(c => c == '.') == template.Count(c => c == '.') + 2)
            .SelectMany(f => Placeholder().Matches(f.Value).Select(m => m.Groups[1].Value))
            .ToHashSet();

    private static string Fill(string text, IReadOnlyDictionary<string, object?> values, CultureInfo culture, string key) =>
        Placeholder().Replace(text, m => values.TryGetValue(m.Groups[1].Value, out var value)
            ? Convert.ToString(value, culture) ?? ""
            : throw new InvalidOperationException($"Mail/Templates/{key} uses {{{{{m.Groups[1].Value}}}}}, which its event does not give."));

    private static FrozenDictionary<string, string> Load()
    {
        var assembly = typeof(MailTemplates).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[Prefix.Length..], n => Read(assembly, n), StringComparer.Ordinal);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"\{\{([A-Za-z][A-Za-z0-9]*)\}\}")]
    private static partial Regex Placeholder();
}
