namespace YangFan.Benchmarks.Domain.Notices;

/// <summary>A public notice (公示) of the applications a call shortlisted in one release.</summary>
public sealed class Notice
{
    public Guid Id { get; init; }
    public Guid CallId { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public List<NoticeEntry> Entries { get; } = [];
}

/// <summary>An application on a public notice.</summary>
public sealed class NoticeEntry
{
    public Guid NoticeId { get; init; }
    public Guid ApplicationId { get; init; }
}
