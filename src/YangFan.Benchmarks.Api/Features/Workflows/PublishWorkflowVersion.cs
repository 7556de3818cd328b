using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Features.Workflows;

public static class PublishWorkflowVersion
{
    public sealed record Command(string Key, int Version) : ICommand<UploadWorkflowDraft.Response>;

    public sealed class Handler(AppDbContext db, WorkflowSteps steps, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, UploadWorkflowDraft.Response>
    {
        public async ValueTask<UploadWorkflowDraft.Response> Handle(Command command, CancellationToken ct)
        {
            var stored = await db.Workflows.FirstOrDefaultAsync(w => w.Key == command.Key && w.Version == command.Version, ct)
                ?? throw ProblemException.NotFound($"Workflow {command.Key} v{command.Version}");
            if (stored.Status == WorkflowVersionStatus.Published)
                throw ProblemException.Conflict($"Workflow {command.Key} v{command.Version} is already published.");

            // Validated again: the host's guards and effects may have changed since the draft was uploaded.
            var (definition, errors) = WorkflowLoader.Parse(stored.Content);
            if (definition is not null)
                errors = WorkflowValidator.Validate(definition, steps.Catalog);
            if (errors.Count > 0)
                throw WorkflowEndpoints.Invalid(errors);

            stored.Status = WorkflowVersionStatus.Published;
            stored.PublishedAt = time.GetUtcNow();
            audit.Record("workflow.published", "Workflow", $"{stored.Key}/v{stored.Version}", new { stored.ContentHash });
            return new UploadWorkflowDraft.Response(stored.Key, stored.Version, stored.Status.ToString(), stored.ContentHash);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{key:maxlength(64)}/versions/{version:int:range(1,100000)}/publish", async (string key, int version, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(key, version), ct)))
            .WithName("PublishWorkflowVersion")
            .WithSummary("Publishes a draft after validating it again. Running applications stay on their version (admin only).")
            .WithProblems(401, 403, 404, 409, 422);
}
