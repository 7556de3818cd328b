using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Notices;

/// <summary>
/// The six-digit codes that confirm an objection from its e-mail address. Stored only as a SHA-256 of the objection's
/// id and the code (as <see cref="SecretTokens"/> stores its tokens), so a copy of the database holds no working code and
/// one hash says nothing about another objection's code.
/// </summary>
public static class ObjectionCodes
{
    public static string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static string Hash(Guid objectionId, string code) => SecretTokens.Hash($"{objectionId:N}:{code.Trim()}");

    /// <summary>The page where the objector types the code.</summary>
    public static string ConfirmPage(Guid noticeId, Guid objectionId) => $"/notices/{noticeId}/objections/{objectionId}/confirm";

    /// <summary>The entry objected to as the e-mails name it: the organisation and the application's title.</summary>
    public static Task<string> EntryNameAsync(AppDbContext db, Guid applicationId, CancellationToken ct) =>
        (from a in db.Applications.AsNoTracking()
         join o in db.Organisations.AsNoTracking() on a.OrganisationId equals o.Id
         where a.Id == applicationId
         select (a.SubmittedOrganisationName ?? o.Name) + " · " + a.Title).FirstAsync(ct);
}
