using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.FormHost;

/// <summary>
/// Imports <c>forms/*.json</c> at start-up as published versions, each with its templates (<see cref="FormTemplates"/>).
/// Idempotent; a file whose content changed while its version number did not, or a template file that changed under
/// a stored version, stops the start-up rather than silently changing the form that running calls pinned.
/// </summary>
public sealed class FormImporter(AppDbContext db, FormRuleCatalog rules, AuditTrail audit, TimeProvider time, IFileStore files,
    ILogger<FormImporter> logger)
{
    public async Task<int> ImportAsync(string directory, CancellationToken ct)
    {
        var imported = 0;
        // Validated together, templates included: one broken file stops the start-up with every error of every file.
        foreach (var (form, json) in FormFiles.Load(directory, rules))
        {
            var definition = form.Definition;
            var templates = await FormTemplates.PinAsync(definition, directory, files, ct);
            var existing = await db.Forms.FirstOrDefaultAsync(f => f.Key == definition.Key && f.Version == definition.Version, ct);
            if (existing is not null)
            {
                if (existing.ContentHash != form.ContentHash)
                    throw new InvalidOperationException(
                        $"Form file {definition.Key}.json changed but still says version {definition.Version} of '{definition.Key}'. " +
                        "Published versions never change: give the new content a new version number.");
                if (existing.Status != FormVersionStatus.Published)
                    throw new InvalidOperationException(
                        $"Form file {definition.Key}.json has the number of an unpublished draft of '{definition.Key}' v{definition.Version}.");
                if (existing.TemplateHashes is null)
                    RecordTemplates(existing, templates);
                else if (FormTemplates.Changed(FormTemplates.Read(existing), templates) is { Count: > 0 } changed)
                    throw new InvalidOperationException(
                        $"The template of {string.Join(", ", changed.Select(k => $"'{k}'"))} of form '{definition.Key}' changed but the form still says " +
                        $"version {definition.Version}. A version serves the templates it was published with: give the form a new version number.");
                continue;
            }

            var now = time.GetUtcNow();
            var stored = Stored(definition, json, form.ContentHash, "file", now, null, templates);
            stored.Status = FormVersionStatus.Published;
            stored.PublishedAt = now;
            db.Forms.Add(stored);
            audit.Record("form.imported", "Form", $"{definition.Key}/v{definition.Version}", new { hash = form.ContentHash });
            logger.LogInformation("Imported form {Key} v{Version}", definition.Key, definition.Version);
            imported++;
        }

        // Versions stored before templates belonged to their version and not shipped any more (earlier versions,
        // uploads) get the files they served until now.
        foreach (var earlier in await db.Forms.Where(f => f.TemplateHashes == null).ToListAsync(ct))
            if (db.Entry(earlier).State == EntityState.Unchanged && FormLoader.Parse(earlier.Content).Definition is { } definition)
                RecordTemplates(earlier, await FormTemplates.PinAsync(definition, directory, files, ct, skipMissing: true));
        return imported;
    }

    private void RecordTemplates(StoredForm stored, IReadOnlyDictionary<string, string> templates)
    {
        stored.TemplateHashes = FormTemplates.Serialize(templates);
        audit.Record("form.templates-recorded", "Form", $"{stored.Key}/v{stored.Version}", new { templates });
        logger.LogInformation("Recorded the templates of form {Key} v{Version}", stored.Key, stored.Version);
    }

    /// <summary>A new stored version of the definition, as a draft, with its templates: what an import or an upload adds.</summary>
    public static StoredForm Stored(FormDefinition definition, string json, string contentHash, string source, DateTimeOffset now, Guid? by,
        IReadOnlyDictionary<string, string> templates) => new()
    {
        Key = definition.Key,
        Version = definition.Version,
        Status = FormVersionStatus.Draft,
        Programme = definition.Programme,
        TitleZh = definition.Title!.Zh,
        TitleEn = definition.Title.En,
        Content = json,
        ContentHash = contentHash,
        Source = source,
        CreatedAt = now,
        CreatedBy = by,
        TemplateHashes = FormTemplates.Serialize(templates),
    };
}
