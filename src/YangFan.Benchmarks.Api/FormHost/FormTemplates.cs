using System.Security.Cryptography;
using System.Text.Json;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Domain.Attachments;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.FormHost;

/// <summary>A form version's templates: the bytes each attachment kind's template has.</summary>
/// <remarks>
/// A form version's templates belong to the version: when a version is stored, each template file it names is read
/// from the forms folder, kept in the content-addressed file store, and its SHA-256 recorded with the version
/// (<see cref="StoredForm.TemplateHashes"/>). The version serves exactly those bytes ever after. A template the folder
/// does not hold is uploaded to the draft by an administrator (<c>PUT …/templates/{kind}</c>); a version publishes only
/// once every template it declares has its bytes (<see cref="Missing"/>).
/// </remarks>
public static class FormTemplates
{
    /// <summary>Reads each template the definition names from <paramref name="folder"/>, stores it and returns kind → SHA-256.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> PinAsync(FormDefinition definition, string folder, IFileStore files,
        CancellationToken ct, bool skipMissing = false)
    {
        var pinned = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var attachment in definition.Attachments.Where(a => a.Template is not null))
        {
            var path = Path.Combine(folder, attachment.Template!);
            if (skipMissing && !File.Exists(path))
                continue;
            var bytes = await File.ReadAllBytesAsync(path, ct);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
            using var content = new MemoryStream(bytes, writable: false);
            await files.SaveAsync(sha256, content, ct);
            pinned[attachment.Kind] = sha256;
        }
        return pinned;
    }

    /// <summary>The attachment kinds that declare a template without bytes recorded for it.</summary>
    public static IReadOnlyList<string> Missing(FormDefinition definition, IReadOnlyDictionary<string, string> hashes) =>
        definition.Attachments.Where(a => a.Template is not null && !hashes.ContainsKey(a.Kind)).Select(a => a.Kind).ToList();

    /// <summary>The file type a template name says (<c>.xlsx</c>, <c>.docx</c>, <c>.pdf</c>); null for a type that cannot be uploaded.</summary>
    public static DetectedFileType? UploadableType(string template) => Path.GetExtension(template).ToLowerInvariant() switch
    {
        ".xlsx" => FileSignature.Xlsx,
        ".docx" => FileSignature.Docx,
        ".pdf" => FileSignature.Pdf,
        _ => null,
    };

    public static string Serialize(IReadOnlyDictionary<string, string> hashes) => JsonSerializer.Serialize(hashes);

    /// <summary>Kind → SHA-256 of a stored version; empty when it has none recorded.</summary>
    public static IReadOnlyDictionary<string, string> Read(StoredForm stored) => stored.TemplateHashes is null
        ? new Dictionary<string, string>()
        : JsonSerializer.Deserialize<Dictionary<string, string>>(stored.TemplateHashes) ?? [];

    /// <summary>The kinds whose template differs between two records (or is in only one).</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> stored, IReadOnlyDictionary<string, string> files) =>
        stored.Keys.Union(files.Keys).Where(k => stored.GetValueOrDefault(k) != files.GetValueOrDefault(k)).Order(StringComparer.Ordinal).ToList();
}
