using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Features.Workflows;

public static class UploadWorkflowDraft
{
    public sealed record Command(string Key, string Json) : ICommand<Response>;

    /// <summary>The stored draft.</summary>
    public sealed record Response(string Key, int Version, string Status, string ContentHash);

    public sealed class Handler(AppDbContext db, WorkflowSteps steps, AuditTrail audit, ICurrentUser user, TimeProvider time)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var (definition, errors) = WorkflowLoader.Parse(command.Json);
            if (definition is null)
                throw WorkflowEndpoints.Invalid(errors);
            var all = WorkflowValidator.Validate(definition, steps.Catalog).ToList();
            if (definition.Key != command.Key)
                all.Insert(0, new WorkflowError("$.key", $"The definition's key '{definition.Key}' does not match the URL's '{command.Key}'."));
            if (all.Count > 0)
                throw WorkflowEndpoints.Invalid(all);
            if (await db.Workflows.AnyAsync(w => w.Key == definition.Key && w.Version == definition.Version, ct))
                throw ProblemException.Duplicate($"Workflow {definition.Key} v{definition.Version} already exists; versions never change. Use a new version number.");

            var stored = new StoredWorkflow
            {
                Key = definition.Key,
                Version = definition.Version,
                Status = WorkflowVersionStatus.Draft,
                TitleZh = definition.Title!.Zh,
                TitleEn = definition.Title.En,
                Content = command.Json,
                ContentHash = WorkflowLoader.ContentHash(command.Json),
                Source = "api",
                CreatedAt = time.GetUtcNow(),
                CreatedBy = user.Id,
            };
            db.Workflows.Add(stored);
            audit.Record("workflow.draft-uploaded", "Workflow", $"{stored.Key}/v{stored.Version}", new { stored.ContentHash });
            return new Response(stored.Key, stored.Version, stored.Status.ToString(), stored.ContentHash);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{key:maxlength(64)}/versions", async (string key, JsonElement body, ISender sender, CancellationToken ct) =>
            {
                var draft = await sender.Send(new Command(key, body.GetRawText()), ct);
                return TypedResults.Created($"/api/workflows/{draft.Key}/versions/{draft.Version}", draft);
            })
            .WithName("UploadWorkflowDraft")
            .WithSummary("Uploads a new version as a draft; 422 lists every validation error with its JSON path (admin only).")
            .WithProblems(401, 403, 409, 413, 415, 422);
}
