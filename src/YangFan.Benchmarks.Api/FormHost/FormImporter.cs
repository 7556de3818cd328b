using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.FormHost;

/// <summary>
/// Imports <c>forms/*.json</c> at start-up as published versions. Idempotent; a file whose content changed while its
/// version number did not stops the start-up rather than silently changing the form that running calls pinned.
/// </summary>
public sealed class FormImporter(AppDbContext db, FormRuleCatalog rules, AuditTrail audit, TimeProvider time, ILogger<FormImporter> logger)
{
    public async Task<int> ImportAsync(string directory, CancellationToken ct)
    {
        var imported = 0;
        // Validated together, templates included: one broken file stops the start-up with every error of every file.
        foreach (var (form, json) in FormFiles.Load(directory, rules))
        {
            var definition = form.Definition;
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
                continue;
            }

            var now = time.GetUtcNow();
            var stored = Stored(definition, json, form.ContentHash, "file", now, null);
            stored.Status = FormVersionStatus.Published;
            stored.PublishedAt = now;
            db.Forms.Add(stored);
            audit.Record("form.imported", "Form", $"{definition.Key}/v{definition.Version}", new { hash = form.ContentHash });
            logger.LogInformation("Imported form {Key} v{Version}", definition.Key, definition.Version);
            imported++;
        }
        return imported;
    }

    /// <summary>A new stored version of the definition, as a draft: what an import or an upload adds.</summary>
    public static StoredForm Stored(FormDefinition definition, string json, string contentHash, string source, DateTimeOffset now, Guid? by) => new()
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
    };
}
