using System.Text;

namespace YangFan.Benchmarks.Domain.Attachments;

/// <summary>
/// Turns a client-supplied file name into one that is safe to store, show and offer for download: no path, no
/// control or reserved characters, bounded length. Chinese and other Unicode letters are kept.
/// </summary>
public static class FileNames
{
    /// <summary>The longest name, extension included, that <see cref="Sanitise"/> returns.</summary>
    public const int MaxLength = 150;

    /// <summary>The name used when nothing usable is left of the one supplied.</summary>
    public const string FallbackStem = "attachment";

    // Only a short, space-free suffix counts as an extension, so "Zhang.San report" keeps its dot.
    private const int MaxExtensionLength = 16;

    private const string Reserved = "<>:\"|?*";

    /// <summary>
    /// Keeps only the last path segment of <paramref name="name"/> and removes what is unsafe in it.
    /// </summary>
    /// <param name="name">The name as the client sent it; may be null or a whole path.</param>
    /// <param name="fallbackExtension">Appended to "attachment" when nothing is left, e.g. ".pdf".</param>
    public static string Sanitise(string? name, string fallbackExtension)
    {
        ArgumentNullException.ThrowIfNull(fallbackExtension);

        var segment = (name ?? "").Split('/', '\\')[^1];

        var kept = new StringBuilder(segment.Length);
        foreach (var c in segment)
        {
            if (char.IsControl(c) || Reserved.Contains(c) || IsBidiControl(c)) continue;
            kept.Append(c);
        }

        var cleaned = Tidy(kept.ToString());
        if (cleaned.Length == 0) return FallbackStem + NormaliseExtension(fallbackExtension);

        var (stem, extension) = Split(cleaned);
        return Join(stem, extension);
    }

    /// <summary>
    /// Gives an already sanitised name the extension of its detected type, replacing a wrong or missing one.
    /// An extension that already matches, in any letter case, is kept as written.
    /// </summary>
    /// <param name="sanitised">A name returned by <see cref="Sanitise"/>.</param>
    /// <param name="extension">The detected type's extension, e.g. ".pdf".</param>
    public static string WithExtension(string sanitised, string extension)
    {
        ArgumentNullException.ThrowIfNull(sanitised);
        ArgumentNullException.ThrowIfNull(extension);

        extension = NormaliseExtension(extension);
        var (stem, current) = Split(sanitised);
        if (stem.Length == 0) stem = FallbackStem;
        if (current.Equals(extension, StringComparison.OrdinalIgnoreCase)) return Join(stem, current);
        return Join(stem, extension);
    }

    // Collapsing can leave dots or spaces at the ends, and trimming can expose none, so collapse first.
    private static string Tidy(string value)
    {
        while (value.Contains("..", StringComparison.Ordinal))
            value = value.Replace("..", ".", StringComparison.Ordinal);
        return value.Trim(' ', '.');
    }

    private static (string Stem, string Extension) Split(string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0) return (name, "");
        var extension = name[dot..];
        if (extension.Length < 2 || extension.Length > MaxExtensionLength || extension.Contains(' '))
            return (name, "");
        return (name[..dot], extension);
    }

    // Shortens the stem, never the extension, without cutting a surrogate pair in half.
    private static string Join(string stem, string extension)
    {
        var room = MaxLength - extension.Length;
        if (stem.Length > room)
        {
            var cut = room;
            if (cut > 0 && char.IsHighSurrogate(stem[cut - 1])) cut--;
            stem = Tidy(stem[..cut]);
            if (stem.Length == 0) stem = FallbackStem;
        }
        return stem + extension;
    }

    private static string NormaliseExtension(string extension)
    {
        extension = extension.Trim();
        return extension.Length == 0 || extension[0] == '.' ? extension : "." + extension;
    }

    // Right-to-left overrides make "exe.pdf" display as something else (e.g. "report\u202Efdp.exe"
    // shows as "reportexe.pdf"), so they are removed alongside the control characters.
    private static bool IsBidiControl(char c) =>
        c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
