namespace YangFan.Benchmarks.Domain.Directories;

/// <summary>
/// A published directory version (名录) of one call: an immutable snapshot. Revoking an entry publishes a new
/// version; earlier versions, their content and their hash never change.
/// </summary>
public sealed class DirectoryVersion
{
    public Guid Id { get; init; }
    public Guid CallId { get; init; }
    public required string ProgrammeKey { get; init; }
    public int Number { get; init; }
    public required string TitleZh { get; init; }
    public required string TitleEn { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public required string ContentHash { get; init; }
    public Guid? SupersedesId { get; init; }

    /// <summary>Every entry of the version, revoked ones included; fixed at publication like the content.</summary>
    public int EntryCount { get; init; }

    /// <summary>Entries not revoked in this version.</summary>
    public int ActiveCount { get; init; }

    public List<DirectoryEntry> Entries { get; } = [];
}

/// <summary>One entry of a directory version, copied at publication.</summary>
public sealed class DirectoryEntry
{
    public Guid Id { get; init; }
    public Guid DirectoryId { get; init; }
    public Guid ApplicationId { get; init; }
    public required string OrganisationName { get; init; }
    public required string CreditCode { get; init; }
    public required string Title { get; init; }
    public string? SectorCode { get; init; }
    public required string ProvinceCode { get; init; }
    public required string Batch { get; init; }
    public bool Revoked { get; init; }
    public string? RevokedReason { get; init; }

    /// <summary>When the entry was revoked: the publication of the version that first showed it revoked.</summary>
    public DateTimeOffset? RevokedAt { get; init; }
}
