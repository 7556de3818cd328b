using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Directories;

/// <summary>A directory version with a page of its entries.</summary>
public sealed record DirectoryView(Guid Id, Guid CallId, string ProgrammeKey, int Number, string TitleZh, string TitleEn,
    DateTimeOffset PublishedAt, string ContentHash, Guid? SupersedesId, int EntryCount, int ActiveCount, Page<DirectoryEntryView> Entries);

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
            hashes.Remember(d.Id, d.ContentHash, d.PublishedAt);
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
