namespace YangFan.Benchmarks.Api.Features.Notices;

/// <summary>A public notice with its entries, as anyone may read it.</summary>
public sealed record NoticeView(Guid Id, Guid CallId, string CallTitleZh, string CallTitleEn, string ProgrammeKey, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, bool Open, IReadOnlyList<NoticeEntryView> Entries);

/// <summary>One publicised application: who, what, where, as it was submitted.</summary>
public sealed record NoticeEntryView(Guid ApplicationId, string OrganisationName, string Title, string? SectorCode, string ProvinceCode);

/// <summary>
/// An objection as administrators handle it: <c>Email</c> is the objector's confirmed address (none on objections filed
/// before addresses were required), <c>Contact</c> an optional phone number; <c>ResolvedByName</c> is the name of the
/// administrator who decided it.
/// </summary>
public sealed record ObjectionView(Guid Id, Guid NoticeId, Guid ApplicationId, string ObjectorName, string Contact, string Reason,
    string? EvidenceFileName, string Status, string? Resolution, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt, string? ResolvedByName = null,
    string? Email = null)
{
    public static ObjectionView From(Objection o, string? resolvedByName = null) => new(o.Id, o.NoticeId, o.ApplicationId, o.ObjectorName, o.Contact,
        o.Reason, o.EvidenceFileName, o.Status.ToString(), o.Resolution, o.CreatedAt, o.ResolvedAt, resolvedByName, o.Email);
}
