using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// Imports <c>workflows/*.json</c> at start-up as published versions. Idempotent; a file whose content changed
/// while its version number did not stops the start-up rather than silently replacing what instances run on. The
/// one change it takes over a stored version is gaining state tags (<see cref="UntaggedHash"/>).
/// </summary>
public sealed class WorkflowImporter(AppDbContext db, WorkflowSteps steps, AuditTrail audit, TimeProvider time, ILogger<WorkflowImporter> logger)
{
    public async Task<int> ImportAsync(string directory, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
            throw new InvalidOperationException($"The workflow folder {directory} does not exist (Workflows:Path).");
        var imported = 0;
        foreach (var file in Directory.GetFiles(directory, "*.json").Where(f => Path.GetFileName(f) != "schema.json").Order())
        {
            var json = await File.ReadAllTextAsync(file, ct);
            var (definition, errors) = WorkflowLoader.Parse(json);
            if (definition is not null)
                errors = WorkflowValidator.Validate(definition, steps.Catalog);
            if (definition is null || errors.Count > 0)
                throw new InvalidOperationException($"Workflow file {file} is invalid:\n  " + string.Join("\n  ", errors));

            var hash = WorkflowLoader.ContentHash(json);
            var existing = await db.Workflows.FirstOrDefaultAsync(w => w.Key == definition.Key && w.Version == definition.Version, ct);
            if (existing is not null)
            {
                if (existing.ContentHash != hash && existing.Status == WorkflowVersionStatus.Published
                    && UntaggedHash(existing.Content) == UntaggedHash(json))
                {
                    // Stored before state tags existed: the file only adds them, which changes nothing about how an
                    // instance moves, and without them the API could not run the instances pinned to this version.
                    audit.Record("workflow.tagged", "Workflow", $"{definition.Key}/v{definition.Version}",
                        new { file = Path.GetFileName(file), from = existing.ContentHash, to = hash });
                    existing.Content = json;
                    existing.ContentHash = hash;
                    logger.LogInformation("Tagged the states of workflow {Key} v{Version} from {File}", definition.Key, definition.Version, file);
                    imported++;
                    continue;
                }
                if (existing.ContentHash != hash)
                    throw new InvalidOperationException(
                        $"Workflow file {file} changed but still says version {definition.Version} of '{definition.Key}'. " +
                        "Published versions never change: give the new content a new version number.");
                if (existing.Status != WorkflowVersionStatus.Published)
                    throw new InvalidOperationException(
                        $"Workflow file {file} has the number of an unpublished draft of '{definition.Key}' v{definition.Version}.");
                continue;
            }

            var now = time.GetUtcNow();
            db.Workflows.Add(new StoredWorkflow
            {
                Key = definition.Key,
                Version = definition.Version,
                Status = WorkflowVersionStatus.Published,
                TitleZh = definition.Title!.Zh,
                TitleEn = definition.Title.En,
                Content = json,
                ContentHash = hash,
                Source = "file",
                CreatedAt = now,
                PublishedAt = now,
            });
            audit.Record("workflow.imported", "Workflow", $"{definition.Key}/v{definition.Version}",
                new { file = Path.GetFileName(file), hash });
            logger.LogInformation("Imported workflow {Key} v{Version} from {File}", definition.Key, definition.Version, file);
            imported++;
        }
        await RequireContractAsync(ct);
        return imported;
    }

    /// <summary>
    /// Stops the start-up when a stored published version does not meet the host's contract as it is now (say, one
    /// uploaded without the state tags the API asks for): instances pinned to it could not be served.
    /// </summary>
    private async Task RequireContractAsync(CancellationToken ct)
    {
        // Tracked, so a version tagged above is checked as it will be saved.
        var broken = new List<string>();
        foreach (var stored in await db.Workflows.Where(w => w.Status == WorkflowVersionStatus.Published).ToListAsync(ct))
        {
            var (definition, errors) = WorkflowLoader.Parse(stored.Content);
            if (definition is not null)
                errors = WorkflowValidator.Validate(definition, steps.Catalog);
            if (errors.Count > 0)
                broken.Add($"{stored.Key} v{stored.Version}: " + string.Join("; ", errors));
        }
        if (broken.Count > 0)
            throw new InvalidOperationException("Published workflow versions do not meet the API's contract (docs/workflows.md, \"State tags\"); "
                + "publish a corrected version and migrate their instances, or fix the stored content:\n  " + string.Join("\n  ", broken));
    }

    /// <summary>
    /// The content hash of a definition with its state tags taken away, and <c>collects-reviews</c> written as the
    /// <c>collectsReviews: true</c> it was before tags, so the content stored then and the tagged file compare equal.
    /// </summary>
    public static string UntaggedHash(string json)
    {
        var definition = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        })!.AsObject();
        foreach (var state in definition["states"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var properties = state.ToList();
            state.Clear();
            foreach (var (name, value) in properties)
                if (name != "tags")
                    state[name] = value;
                else if (value is JsonArray tags && tags.Any(t => t?.GetValueKind() == JsonValueKind.String && t.GetValue<string>() == StateTags.CollectsReviews))
                    state["collectsReviews"] = true;
        }
        return WorkflowLoader.ContentHash(definition.ToJsonString());
    }
}
