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

public static class PublishDirectory
{
    public sealed record Command(Guid CallId) : ICommand<DirectorySummary>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime, WorkflowLibrary workflows, AuditTrail audit,
        TimeProvider time, Api.Mail.Notifier notifier) : ICommandHandler<Command, DirectorySummary>
    {
        public async ValueTask<DirectorySummary> Handle(Command command, CancellationToken ct)
        {
            var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == command.CallId, ct) ?? throw ProblemException.NotFound("The call");
            var approved = await (from a in db.Applications.Where(await workflows.ApplicationsTaggedAsync(StateTags.Approved, ct))
                                  join o in db.Organisations on a.OrganisationId equals o.Id
                                  where a.CallId == call.Id
                                  select new { a, o }).ToListAsync(ct);
            if (approved.Count == 0)
                throw ProblemException.Conflict("The call has no approved applications to publish.");
            var previous = await db.Directories.AsNoTracking().Include(d => d.Entries).Where(d => d.CallId == call.Id)
                .OrderByDescending(d => d.Number).FirstOrDefaultAsync(ct);

            var id = Guid.NewGuid();
            // A new version carries the earlier entries forward, unchanged, and adds the newly approved ones.
            var entries = previous?.Entries.Select(e => Copy(e, id)).ToList() ?? [];
            foreach (var row in approved)
            {
                entries.Add(new DirectoryEntry
                {
                    Id = Guid.NewGuid(), DirectoryId = id, ApplicationId = row.a.Id, CreditCode = row.o.CreditCode,
                    Title = row.a.Title, SectorCode = row.a.SectorCode, Batch = $"{call.Year}-{call.Batch}",
                    // The name and province the application was submitted under (ADR 0013).
                    OrganisationName = row.a.SubmittedOrganisationName ?? row.o.Name,
                    ProvinceCode = row.a.SubmittedProvinceCode ?? row.o.ProvinceCode ?? "",
                });
                (await runtime.FireDedicatedAsync(row.a, DedicatedTriggers.Publish, ApplicationAccess.ActorFor(user), null, ct)).ThrowIfRefused();
            }
            var stored = new DirectoryVersion
            {
                Id = id, CallId = call.Id, ProgrammeKey = call.ProgrammeKey, Number = (previous?.Number ?? 0) + 1,
                TitleZh = call.TitleZh + " 名录", TitleEn = call.TitleEn + " directory", PublishedAt = time.GetUtcNow(),
                ContentHash = DirectoryEndpoints.Hash(entries), SupersedesId = previous?.Id,
                EntryCount = entries.Count, ActiveCount = entries.Count(e => !e.Revoked),
            };
            stored.Entries.AddRange(entries);
            db.Directories.Add(stored);
            foreach (var row in approved)
                await notifier.PublishedAsync(row.a, stored, ct);
            audit.Record("directory.published", "Directory", stored.Id, new { stored.CallId, stored.Number, stored.ContentHash, entries = entries.Count });
            return DirectoryEndpoints.Summary(stored);
        }

        internal static DirectoryEntry Copy(DirectoryEntry e, Guid directoryId, bool? revoked = null, string? reason = null,
            DateTimeOffset? revokedAt = null) => new()
        {
            Id = Guid.NewGuid(), DirectoryId = directoryId, ApplicationId = e.ApplicationId, OrganisationName = e.OrganisationName,
            CreditCode = e.CreditCode, Title = e.Title, SectorCode = e.SectorCode, ProvinceCode = e.ProvinceCode, Batch = e.Batch,
            Revoked = revoked ?? e.Revoked, RevokedReason = reason ?? e.RevokedReason, RevokedAt = revokedAt ?? e.RevokedAt,
        };
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/calls/{id:guid}/directory", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                var directory = await sender.Send(new Command(id), ct);
                return TypedResults.Created($"/api/directories/{directory.Id}", directory);
            })
            .RequireAuthorization(Policies.Admin)
            .WithTags("Directories")
            .WithName("PublishDirectory")
            .WithSummary("Publishes the call's approved applications as a new, immutable directory version (admin only).")
            .WithProblems(401, 403, 404, 409);
}
