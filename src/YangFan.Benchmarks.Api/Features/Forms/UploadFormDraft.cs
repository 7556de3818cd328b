using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.Features.Forms;

public static class UploadFormDraft
{
    public sealed record Command(string Key, string Json) : ICommand<Response>;

    /// <summary>A stored version.</summary>
    public sealed record Response(string Key, int Version, string Status, string ContentHash);

    /// <remarks>
    /// A template the definition names (<c>templates/…</c>) that is a file of the forms folder is read and stored with
    /// the draft when the draft is uploaded, so the version serves those bytes whatever becomes of the file. Any other
    /// is uploaded to the draft afterwards (<see cref="UploadFormTemplate"/>); the draft publishes only once each has its bytes.
    /// </remarks>
    public sealed class Handler(AppDbContext db, FormRuleCatalog rules, AuditTrail audit, ICurrentUser user, TimeProvider time,
        FormOptions forms, IFileStore files)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var (definition, errors) = FormLoader.Parse(command.Json);
            if (definition is null)
                throw ProblemException.FormInvalid(errors);
            var all = FormValidator.Validate(definition, rules).ToList();
            if (definition.Key != command.Key)
                all.Insert(0, new FormError("$.key", $"The definition's key '{definition.Key}' does not match the URL's '{command.Key}'."));
            if (!await db.Programmes.AnyAsync(p => p.Key == definition.Programme, ct))
                all.Add(new FormError("$.programme", $"Unknown programme '{definition.Programme}'."));
            else if (await db.Forms.Where(f => f.Key == definition.Key).Select(f => f.Programme).FirstOrDefaultAsync(ct) is { } programme
                     && programme != definition.Programme)
                all.Add(new FormError("$.programme", $"Form '{definition.Key}' is the form of programme '{programme}'."));
            if (all.Count > 0)
                throw ProblemException.FormInvalid(all);
            if (await db.Forms.AnyAsync(f => f.Key == definition.Key && f.Version == definition.Version, ct))
                throw ProblemException.Duplicate($"Form {definition.Key} v{definition.Version} already exists; versions never change. Use a new version number.");

            var templates = await FormTemplates.PinAsync(definition, forms.Folder, files, ct, skipMissing: true);
            var stored = FormImporter.Stored(definition, command.Json, FormLoader.ContentHash(command.Json), "api", time.GetUtcNow(), user.Id, templates);
            db.Forms.Add(stored);
            audit.Record("form.draft-uploaded", "Form", $"{stored.Key}/v{stored.Version}", new { stored.ContentHash });
            return new Response(stored.Key, stored.Version, stored.Status.ToString(), stored.ContentHash);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{key:maxlength(64)}/versions", async (string key, JsonElement body, ISender sender, CancellationToken ct) =>
            {
                var draft = await sender.Send(new Command(key, body.GetRawText()), ct);
                return TypedResults.Created($"/api/forms/{draft.Key}/versions/{draft.Version}", draft);
            })
            .WithName("UploadFormDraft")
            .WithSummary("Uploads a new version of a form as a draft; 422 lists every error of the definition with its JSON path (admin only).")
            .WithProblems(401, 403, 409, 413, 415, 422);
}
