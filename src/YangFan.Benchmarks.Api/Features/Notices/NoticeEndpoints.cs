using FluentValidation;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Features.Notices;

public static class NoticeEndpoints
{
    public static void MapNoticeEndpoints(this IEndpointRouteBuilder app, StorageOptions storage)
    {
        var open = app.MapGroup("/api/notices").WithTags("Public notice").AllowAnonymous();
        ListNotices.Map(open);
        GetNotice.Map(open);
        SubmitObjection.Map(open, storage);
        ConfirmObjection.Map(open);
        var admin = app.MapGroup("/api/objections").WithTags("Public notice").RequireAuthorization(Policies.Admin);
        ListObjections.Map(admin);
        DownloadObjectionEvidence.Map(admin);
        ResolveObjection.Map(admin);
        ListNoticeSummaries.Map(app.MapGroup("/api/notice-summaries").WithTags("Public notice").RequireAuthorization(Policies.Admin));
    }

    public static async Task<List<NoticeView>> LoadAsync(AppDbContext db, TimeProvider time, Guid? id, CancellationToken ct)
    {
        var notices = await db.Notices.AsNoTracking().Include(n => n.Entries).Where(n => id == null || n.Id == id)
            .OrderByDescending(n => n.StartsAt).Take(200).ToListAsync(ct);
        var callIds = notices.Select(n => n.CallId).Distinct().ToList();
        var calls = await db.Calls.AsNoTracking().Where(c => callIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var applicationIds = notices.SelectMany(n => n.Entries).Select(e => e.ApplicationId).ToList();
        var entries = await (from a in db.Applications.AsNoTracking()
                             join o in db.Organisations.AsNoTracking() on a.OrganisationId equals o.Id
                             where applicationIds.Contains(a.Id)
                             select new NoticeEntryView(a.Id, a.SubmittedOrganisationName ?? o.Name, a.Title, a.SectorCode,
                                 a.SubmittedProvinceCode ?? o.ProvinceCode ?? "")).ToDictionaryAsync(e => e.ApplicationId, ct);
        var now = time.GetUtcNow();
        return notices.Select(n => new NoticeView(n.Id, n.CallId, calls[n.CallId].TitleZh, calls[n.CallId].TitleEn, calls[n.CallId].ProgrammeKey,
            n.StartsAt, n.EndsAt, now < n.EndsAt, n.Entries.Select(e => entries[e.ApplicationId]).OrderBy(e => e.OrganisationName).ToList())).ToList();
    }
}
