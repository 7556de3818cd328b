namespace YangFan.Benchmarks.Domain.Organisations;

public enum MembershipRole
{
    /// <summary>Invites and removes members and hands ownership on; exactly one per organisation.</summary>
    Owner,
    Member,
}

/// <summary>Why a membership ended.</summary>
public enum MembershipEnd
{
    /// <summary>The owner removed the member.</summary>
    Removed,
    /// <summary>An administrator transferred the organisation to a claimant.</summary>
    ClaimTransferred,
}

/// <summary>
/// A person's membership of an organisation, from joining to leaving. Ended memberships stay, so who belonged when
/// remains readable; a person holds at most one membership that has not ended (mirrored by <c>AppUser.OrganisationId</c>,
/// which the per-request sign-in check reads).
/// </summary>
public sealed class OrganisationMembership
{
    public Guid Id { get; init; }
    public Guid OrganisationId { get; init; }
    public Guid UserId { get; init; }
    public MembershipRole Role { get; set; }
    public DateTimeOffset JoinedAt { get; init; }

    /// <summary>The invitation accepted to join, if any (the first member joins by registering the organisation).</summary>
    public Guid? InvitationId { get; init; }

    public DateTimeOffset? EndedAt { get; set; }
    public Guid? EndedBy { get; set; }
    public MembershipEnd? EndReason { get; set; }

    public bool IsActive => EndedAt is null;
}
