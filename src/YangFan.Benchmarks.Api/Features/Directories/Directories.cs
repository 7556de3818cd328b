using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Exports;

namespace YangFan.Benchmarks.Api.Features.Directories;

/// <summary>A directory entry as published.</summary>
public sealed record DirectoryEntryView(Guid Id, string OrganisationName, string CreditCode, string Title, string? SectorCode,
    string ProvinceCode, string Batch, bool Revoked, string? RevokedReason);

/// <summary>A directory version with a page of its entries.</summary>
public sealed record DirectoryView(Guid Id, Guid CallId, string ProgrammeKey, int Number, string TitleZh, string TitleEn,
    DateTimeOffset PublishedAt, string ContentHash, Guid? SupersedesId, int EntryCount, int ActiveCount, Page<DirectoryEntryView> Entries);

/// <summary>A directory version in the list of all of them.</summary>
public sealed record DirectorySummary(Guid Id, Guid CallId, string ProgrammeKey, int Number, string TitleZh, string TitleEn,
    DateTimeOffset PublishedAt, string ContentHash, int EntryCount, int ActiveCount);

public static class DirectoryEndpoints
{
    public static void MapDirectoryEndpoints(this IEndpointRouteBuilder app)
    {
        PublishDirectory.Map(app);
        RevokeDirectoryEntry.Map(app);
        var open = app.MapGroup("/api/directories").WithTags("Directories").AllowAnonymous();
        ListDirectories.Map(open);
        GetDirectory.Map(open);
        ExportDirectory.Map(open);
    }

    /// <summary>SHA-256 over the entries in a fixed order and form: the version's identity and strong ETag.</summary>
    public static string Hash(IEnumerable<DirectoryEntry> entries)
    {
        var canonical = JsonSerializer.Serialize(entries.OrderBy(e => e.CreditCode, StringComparer.Ordinal).ThenBy(e => e.ApplicationId)
            .Select(e => new object?[] { e.ApplicationId, e.OrganisationName, e.CreditCode, e.Title, e.SectorCode, e.ProvinceCode, e.Batch, e.Revoked, e.RevokedReason }));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static DirectorySummary Summary(DirectoryVersion d) =>
        new(d.Id, d.CallId, d.ProgrammeKey, d.Number, d.TitleZh, d.TitleEn, d.PublishedAt, d.ContentHash, d.EntryCount, d.ActiveCount);

    public static DirectoryEntryView View(DirectoryEntry e) =>
        new(e.Id, e.OrganisationName, e.CreditCode, e.Title, e.SectorCode, e.ProvinceCode, e.Batch, e.Revoked, e.RevokedReason);

    public static async Task<DirectoryVersion> LoadAsync(AppDbContext db, Guid id, CancellationToken ct) =>
        await db.Directories.AsNoTracking().Include(d => d.Entries).FirstOrDefaultAsync(d => d.Id == id, ct)
        ?? throw ProblemException.NotFound("The directory");

    /// <summary>Published content never changes: a strong ETag and long caching; a matching If-None-Match is a 304.</summary>
    public static bool NotModified(HttpContext http, string hash)
    {
        var etag = $"\"{hash}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag || t.Trim() == "*"));
    }
}

/// <summary>
/// The content hash of each directory version read so far. A version never changes, so the hash never goes stale:
/// a request that sends it back as If-None-Match is answered with a 304 without touching the database.
/// </summary>
public sealed class DirectoryHashes
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<Guid, string> _hashes = new();

    public bool TryGet(Guid id, [MaybeNullWhen(false)] out string hash) => _hashes.TryGetValue(id, out hash);

    public void Remember(Guid id, string hash)
    {
        if (_hashes.Count >= Capacity)
            _hashes.Clear();
        _hashes.TryAdd(id, hash);
    }
}

public static class PublishDirectory
{
    public sealed record Command(Guid CallId) : ICommand<DirectorySummary>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, DirectorySummary>
    {
        public async ValueTask<DirectorySummary> Handle(Command command, CancellationToken ct)
        {
            var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == command.CallId, ct) ?? throw ProblemException.NotFound("The call");
            var approved = await (from a in db.Applications
                                  join o in db.Organisations on a.OrganisationId equals o.Id
                                  where a.CallId == call.Id && a.State == "Approved"
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
                await runtime.FireDedicatedAsync(row.a, DedicatedTriggers.Publish, ApplicationAccess.ActorFor(user), null, ct);
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
            audit.Record("directory.published", "Directory", stored.Id, new { stored.CallId, stored.Number, stored.ContentHash, entries = entries.Count });
            return DirectoryEndpoints.Summary(stored);
        }

        internal static DirectoryEntry Copy(DirectoryEntry e, Guid directoryId, bool? revoked = null, string? reason = null) => new()
        {
            Id = Guid.NewGuid(), DirectoryId = directoryId, ApplicationId = e.ApplicationId, OrganisationName = e.OrganisationName,
            CreditCode = e.CreditCode, Title = e.Title, SectorCode = e.SectorCode, ProvinceCode = e.ProvinceCode, Batch = e.Batch,
            Revoked = revoked ?? e.Revoked, RevokedReason = reason ?? e.RevokedReason,
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

public static class RevokeDirectoryEntry
{
    /// <summary>Why the entry is revoked (dynamic management).</summary>
    public sealed record Body(string Reason);

    public sealed record Command(Guid EntryId, string Reason) : ICommand<DirectorySummary>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().MinimumLength(10).MaximumLength(1000);
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime, AuditTrail audit, TimeProvider time)
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
            var entries = latest.Entries.Select(e => e.ApplicationId == entry.ApplicationId
                ? PublishDirectory.Handler.Copy(e, id, revoked: true, reason: command.Reason.Trim())
                : PublishDirectory.Handler.Copy(e, id)).ToList();
            var version = new DirectoryVersion
            {
                Id = id, CallId = latest.CallId, ProgrammeKey = latest.ProgrammeKey, Number = latest.Number + 1, TitleZh = latest.TitleZh,
                TitleEn = latest.TitleEn, PublishedAt = time.GetUtcNow(), ContentHash = DirectoryEndpoints.Hash(entries), SupersedesId = latest.Id,
                EntryCount = entries.Count, ActiveCount = entries.Count(e => !e.Revoked),
            };
            version.Entries.AddRange(entries);
            db.Directories.Add(version);

            var application = await db.Applications.FirstAsync(a => a.Id == entry.ApplicationId, ct);
            if (application.State == "Published")
                await runtime.FireDedicatedAsync(application, DedicatedTriggers.Revoke, ApplicationAccess.ActorFor(user), command.Reason, ct);
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

public static class ListDirectories
{
    public sealed record Query(string? Programme) : IQuery<IReadOnlyList<DirectorySummary>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<DirectorySummary>>
    {
        public async ValueTask<IReadOnlyList<DirectorySummary>> Handle(Query query, CancellationToken ct) =>
            await db.Directories.AsNoTracking().Where(d => query.Programme == null || d.ProgrammeKey == query.Programme)
                .OrderByDescending(d => d.PublishedAt)
                .Select(d => new DirectorySummary(d.Id, d.CallId, d.ProgrammeKey, d.Number, d.TitleZh, d.TitleEn, d.PublishedAt, d.ContentHash,
                    d.EntryCount, d.ActiveCount))
                .ToListAsync(ct);
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, string? programme = null) =>
                TypedResults.Ok(await sender.Send(new Query(programme), ct)))
            .WithName("ListDirectories")
            .WithSummary("Every published directory version, newest first.");
}

public static class GetDirectory
{
    public sealed record Query(Guid Id, string? Sector, string? Province, string? Keyword, int Page, int PageSize) : IQuery<DirectoryView>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Page).GreaterThanOrEqualTo(1);
            RuleFor(q => q.PageSize).InclusiveBetween(1, 200);
            RuleFor(q => q.Keyword).MaximumLength(100);
        }
    }

    public sealed class Handler(AppDbContext db, DirectoryHashes hashes) : IQueryHandler<Query, DirectoryView>
    {
        public async ValueTask<DirectoryView> Handle(Query query, CancellationToken ct)
        {
            // One connection for both statements: EF Core would otherwise return it to the pool in between, and
            // Npgsql resets a returned connection (DISCARD ALL) before its next use.
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                return await ReadAsync(query, ct);
            }
            finally
            {
                // Back to the pool now, not when the response has been written to a slow client.
                await db.Database.CloseConnectionAsync();
            }
        }

        private async Task<DirectoryView> ReadAsync(Query query, CancellationToken ct)
        {
            var d = await db.Directories.AsNoTracking().FirstOrDefaultAsync(x => x.Id == query.Id, ct) ?? throw ProblemException.NotFound("The directory");
            hashes.Remember(d.Id, d.ContentHash);
            var entries = db.DirectoryEntries.AsNoTracking().Where(e => e.DirectoryId == d.Id);
            var filtered = false;
            if (query.Sector is { } sector) (entries, filtered) = (entries.Where(e => e.SectorCode == sector), true);
            if (query.Province is { } province) (entries, filtered) = (entries.Where(e => e.ProvinceCode == province), true);
            if (!string.IsNullOrWhiteSpace(query.Keyword))
                (entries, filtered) = (entries.Where(e => e.OrganisationName.Contains(query.Keyword) || e.Title.Contains(query.Keyword)), true);
            // The version's counts were fixed at publication; only a filtered page needs counting.
            var total = filtered ? await entries.CountAsync(ct) : d.EntryCount;
            var page = await entries.OrderBy(e => e.CreditCode).ThenBy(e => e.Id).Skip((query.Page - 1) * query.PageSize).Take(query.PageSize).ToListAsync(ct);
            return new DirectoryView(d.Id, d.CallId, d.ProgrammeKey, d.Number, d.TitleZh, d.TitleEn, d.PublishedAt, d.ContentHash, d.SupersedesId,
                d.EntryCount, d.ActiveCount, new Page<DirectoryEntryView>(page.Select(DirectoryEndpoints.View).ToList(), query.Page, query.PageSize, total));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, ISender sender, DirectoryHashes hashes, CancellationToken ct,
                string? sector = null, string? province = null, string? keyword = null, int page = 1, int pageSize = 50) =>
            {
                // The content, hence the ETag, of a version never changes; the query string selects the page.
                var query = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(http.Request.QueryString.Value ?? "")))[..16];
                if (hashes.TryGet(id, out var known) && DirectoryEndpoints.NotModified(http, known + "-" + query))
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                var view = await sender.Send(new Query(id, sector, province, keyword, page, pageSize), ct);
                if (DirectoryEndpoints.NotModified(http, view.ContentHash + "-" + query))
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                return Results.Ok(view);
            })
            .Produces<DirectoryView>()
            .WithName("GetDirectory")
            .WithSummary("A directory version and a page of its entries (filters: sector, province, keyword). Strong ETag; If-None-Match gives 304.")
            .WithProblems(304, 404);
}

public static class ExportDirectory
{
    public sealed record Query(Guid Id, string Format) : IQuery<(byte[] Content, string ContentType, string FileName, string Hash)>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Format).Must(f => f is "csv" or "xlsx" or "json").WithMessage("Must be csv, xlsx or json.");
    }

    public sealed class Handler(AppDbContext db, DirectoryHashes hashes) : IQueryHandler<Query, (byte[], string, string, string)>
    {
        public async ValueTask<(byte[], string, string, string)> Handle(Query query, CancellationToken ct)
        {
            var directory = await DirectoryEndpoints.LoadAsync(db, query.Id, ct);
            hashes.Remember(directory.Id, directory.ContentHash);
            var rows = directory.Entries.OrderBy(e => e.CreditCode, StringComparer.Ordinal).ThenBy(e => e.ApplicationId).Select(DirectoryEndpoints.View).ToList();
            var name = $"directory-{directory.ProgrammeKey}-v{directory.Number}.{query.Format}";
            return query.Format switch
            {
                "json" => (JsonSerializer.SerializeToUtf8Bytes(rows, JsonSerializerOptions.Web), "application/json", name, directory.ContentHash),
                "csv" => (Csv(rows), "text/csv; charset=utf-8", name, directory.ContentHash),
                _ => (Xlsx(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, directory.ContentHash),
            };
        }

        // Every column of both spreadsheet formats is text, so every value goes through SpreadsheetText.Neutralise:
        // a name or reason like "=HYPERLINK(…)" must stay text when the file is opened (CWE-1236).
        private static readonly string[] Columns =
            ["organisationName", "creditCode", "title", "sectorCode", "provinceCode", "batch", "revoked", "revokedReason"];

        private static string?[] Cells(DirectoryEntryView r) =>
            new[] { r.OrganisationName, r.CreditCode, r.Title, r.SectorCode, r.ProvinceCode, r.Batch, r.Revoked ? "true" : "false", r.RevokedReason }
                .Select(SpreadsheetText.Neutralise).ToArray();

        /// <summary>UTF-8 with a byte-order mark, so that Excel shows Chinese correctly.</summary>
        private static byte[] Csv(IEnumerable<DirectoryEntryView> rows)
        {
            var text = new StringBuilder();
            text.Append(string.Join(",", Columns)).Append("\r\n");
            foreach (var r in rows)
                text.Append(string.Join(",", Cells(r).Select(c => Quote(c ?? "")))).Append("\r\n");
            return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
        }

        private static string Quote(string value) =>
            value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

        private static byte[] Xlsx(IEnumerable<DirectoryEntryView> rows)
        {
            using var stream = new MemoryStream();
            stream.SaveAs(rows.Select(r => Columns.Zip(Cells(r)).ToDictionary(c => c.First, c => (object?)c.Second)), excelType: ExcelType.XLSX);
            return stream.ToArray();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/export", async (Guid id, HttpContext http, ISender sender, DirectoryHashes hashes, CancellationToken ct,
                string format = "csv") =>
            {
                if (hashes.TryGet(id, out var known) && DirectoryEndpoints.NotModified(http, known + "-" + format))
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                var (content, contentType, name, hash) = await sender.Send(new Query(id, format), ct);
                if (DirectoryEndpoints.NotModified(http, hash + "-" + format))
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                return Results.File(content, contentType, name);
            })
            .ProducesFile("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/json")
            .WithName("ExportDirectory")
            .WithSummary("The whole directory version as CSV (UTF-8 with BOM), XLSX or JSON.")
            .WithProblems(304, 404);
}
