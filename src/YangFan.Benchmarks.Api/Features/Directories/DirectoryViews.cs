namespace YangFan.Benchmarks.Api.Features.Directories;

/// <summary>A directory entry as published.</summary>
public sealed record DirectoryEntryView(Guid Id, string OrganisationName, string CreditCode, string Title, string? SectorCode,
    string ProvinceCode, string Batch, bool Revoked, string? RevokedReason, DateTimeOffset? RevokedAt);

/// <summary>A directory version in the list of all of them.</summary>
public sealed record DirectorySummary(Guid Id, Guid CallId, string ProgrammeKey, int Number, string TitleZh, string TitleEn,
    DateTimeOffset PublishedAt, string ContentHash, int EntryCount, int ActiveCount);
