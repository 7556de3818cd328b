using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Directories;

public static class DirectoryEndpoints
{
    public static void MapDirectoryEndpoints(this IEndpointRouteBuilder app)
    {
        PublishDirectory.Map(app);
        RevokeDirectoryEntry.Map(app);
        ListDirectoryCandidates.Map(app);
        var open = app.MapGroup("/api/directories").WithTags("Directories").AllowAnonymous();
        ListDirectories.Map(open);
        CompareDirectoryVersions.Map(open);
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
        new(e.Id, e.OrganisationName, e.CreditCode, e.Title, e.SectorCode, e.ProvinceCode, e.Batch, e.Revoked, e.RevokedReason, e.RevokedAt);

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
