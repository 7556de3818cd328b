namespace YangFan.Benchmarks.Domain.Notifications;

/// <summary>A message left for a role or a user by a workflow effect.</summary>
public sealed class Notification
{
    public Guid Id { get; init; }
    public string? RecipientRole { get; init; }
    public Guid? RecipientUserId { get; init; }
    public Guid? ApplicationId { get; init; }
    public required string Message { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>That one user has read a notification (a notification for a role is read by each of its users separately).</summary>
public sealed class NotificationRead
{
    public Guid NotificationId { get; init; }
    public Guid UserId { get; init; }
    public DateTimeOffset ReadAt { get; init; }
}
