namespace YangFan.Benchmarks.Domain.Organisations;

/// <summary>
/// The owner's invitation of a colleague, by e-mail address. The token is shown once to the owner and stored only as
/// its SHA-256 hash; it is single-use and expires. Accepted, revoked and expired invitations stay.
/// </summary>
public sealed class OrganisationInvitation
{
    public Guid Id { get; init; }
    public Guid OrganisationId { get; init; }

    /// <summary>The invited address, normalised (trimmed, upper-case) as Identity normalises e-mail addresses.</summary>
    public required string NormalizedEmail { get; init; }

    /// <summary>The address as the owner typed it.</summary>
    public required string Email { get; init; }

    public required string TokenHash { get; init; }
    public Guid InvitedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public Guid? AcceptedBy { get; set; }

    /// <summary>Set when the owner withdraws it, or when the organisation passes to a claimant.</summary>
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsPending(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && now < ExpiresAt;
}
