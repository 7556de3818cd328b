namespace YangFan.Benchmarks.Domain.Organisations;

/// <summary>An organisation's membership of a national body (central SOE group, industry association) that recommends.</summary>
public sealed class NationalBodyMembership
{
    public required string NationalBody { get; init; }
    public Guid OrganisationId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
