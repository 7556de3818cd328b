using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Directories;

public static class RevokeDirectoryEntry
{
    /// <summary>Why the entry is revoked (dynamic management).</summary>
    public sealed record Body(string Reason);

    public sealed record Command(Guid EntryId, string Reason) : ICommand<DirectorySummary>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().MinimumLength(10).MaximumLength(1000);
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime, AuditTrail audit, TimeProvider time,
        Api.Mail.Notifier notifier)
        : ICommandHandler<Command, DirectorySummary>
    {
        public async ValueTask<DirectorySummary> Handle(Command command, CancellationToken ct)
        {
            var entry = await db.DirectoryEntries.AsNoTracking().FirstOrDefaultAsync(e => e.Id == command.EntryId, ct)
                ?? throw ProblemException.NotFound("The directory entry");
            var source = await DirectoryEndpoints.LoadAsync(db, entry.DirectoryId, ct);
            var latest = await db.Directories.AsNoTracking().Include(d => d.Entries).Where(d => d.CallId == source.CallId)
                .OrderByDescending(d => d.Number).FirstAsync(ct);
            var current = latest.Entries.Single(e => e.ApplicationId == entry.ApplicationId);
            if (current.Revoked)
                throw ProblemException.Conflict("The entry is already revoked.");

            var id = Guid.NewGuid();
            var now = time.GetUtcNow();
            var entries = latest.Entries.Select(e => e.ApplicationId == entry.ApplicationId
                ? PublishDirectory.Handler.Copy(e, id, revoked: true, reason: command.Reason.Trim(), revokedAt: now)
                : PublishDirectory.Handler.Copy(e, id)).ToList();
            var version = new DirectoryVersion
            {
                Id = id, CallId = latest.CallId, ProgrammeKey = latest.ProgrammeKey, Number = latest.Number + 1, TitleZh = latest.TitleZh,
                TitleEn = latest.TitleEn, PublishedAt = now, ContentHash = DirectoryEndpoints.Hash(entries), SupersedesId = latest.Id,
                EntryCount = entries.Count, ActiveCount = entries.Count(e => !e.Revoked),
            };
            version.Entries.AddRange(entries);
            db.Directories.Add(version);

            var application = await db.Applications.FirstAsync(a => a.Id == entry.ApplicationId, ct);
            var workflow = await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct);
            if (workflow.HasTag(application.State, StateTags.Published))
                (await runtime.FireDedicatedAsync(application, DedicatedTriggers.Revoke, ApplicationAccess.ActorFor(user), command.Reason, ct)).ThrowIfRefused();
            await notifier.RevokedAsync(application, version, command.Reason, ct);
            audit.Record("directory.entry-revoked", "Directory", version.Id, new { entry.ApplicationId, command.Reason, version.Number, version.ContentHash });
            return DirectoryEndpoints.Summary(version);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/directory-entries/{id:guid}/revoke", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.Reason), ct)))
            .RequireAuthorization(Policies.Admin)
            .WithTags("Directories")
            .WithName("RevokeDirectoryEntry")
            .WithSummary("Revokes an entry by publishing a new directory version; earlier versions never change (admin only, audited).")
            .WithProblems(401, 403, 404, 409);
}
