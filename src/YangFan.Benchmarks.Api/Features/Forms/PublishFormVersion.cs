using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.Features.Forms;

public static class PublishFormVersion
{
    public sealed record Command(string Key, int Version) : ICommand<UploadFormDraft.Response>;

    public sealed class Handler(AppDbContext db, FormRuleCatalog rules, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, UploadFormDraft.Response>
    {
        public async ValueTask<UploadFormDraft.Response> Handle(Command command, CancellationToken ct)
        {
            var stored = await db.Forms.FirstOrDefaultAsync(f => f.Key == command.Key && f.Version == command.Version, ct)
                ?? throw ProblemException.NotFound($"Form {command.Key} v{command.Version}");
            if (stored.Status == FormVersionStatus.Published)
                throw ProblemException.Conflict($"Form {command.Key} v{command.Version} is already published.");

            // Validated again: the host's rules may have changed since the draft was uploaded.
            var (definition, errors) = FormLoader.Parse(stored.Content);
            if (definition is not null)
                errors = FormValidator.Validate(definition, rules);
            if (errors.Count > 0)
                throw ProblemException.FormInvalid(errors);
            if (FormTemplates.Missing(definition!, FormTemplates.Read(stored)) is { Count: > 0 } missing)
                throw ProblemException.FormTemplatesMissing(stored.Key, stored.Version, missing);

            stored.Status = FormVersionStatus.Published;
            stored.PublishedAt = time.GetUtcNow();
            audit.Record("form.published", "Form", $"{stored.Key}/v{stored.Version}", new { stored.ContentHash });
            return new UploadFormDraft.Response(stored.Key, stored.Version, stored.Status.ToString(), stored.ContentHash);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{key:maxlength(64)}/versions/{version:int:range(1,100000)}/publish", async (string key, int version, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(key, version), ct)))
            .WithName("PublishFormVersion")
            .WithSummary("Publishes a draft form after validating it again; 422 form-templates-missing names the kinds whose template was never uploaded. Calls already open keep the version they pinned (admin only).")
            .WithProblems(401, 403, 404, 409, 422);
}
