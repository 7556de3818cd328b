using System.Diagnostics.CodeAnalysis;

namespace YangFan.Benchmarks.Domain.Exports;

/// <summary>
/// Keeps text in an exported CSV or XLSX file from being taken for a formula when a spreadsheet opens it
/// (CWE-1236, "CSV injection"): a directory entry's organisation name or a revocation reason such as
/// <c>=HYPERLINK("http://…")</c> must stay text. Every text cell of every CSV and XLSX export goes through
/// <see cref="Neutralise"/>; numbers, dates and booleans written as such are not text and are left alone.
/// </summary>
public static class SpreadsheetText
{
    /// <summary>The characters that make a spreadsheet read a cell as a formula or a command (OWASP's list).</summary>
    public static readonly IReadOnlySet<char> FormulaTriggers = new HashSet<char> { '=', '+', '-', '@', '\t', '\r' };

    /// <summary>
    /// Prefixes a single quote to text that starts with a formula trigger, as OWASP recommends; other text is
    /// returned unchanged, null stays null.
    /// </summary>
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Neutralise(string? text) =>
        text is { Length: > 0 } && FormulaTriggers.Contains(text[0]) ? "'" + text : text;
}
