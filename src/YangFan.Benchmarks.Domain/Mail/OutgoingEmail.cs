namespace YangFan.Benchmarks.Domain.Mail;

/// <summary>Where an outgoing e-mail is on its way out. Only <see cref="Pending"/> exists until a sender delivers the outbox.</summary>
public enum OutgoingEmailStatus
{
    /// <summary>Written with the change that caused it; not yet handed to a mail server.</summary>
    Pending,
}

/// <summary>
/// An e-mail the system owes someone, written to the outbox in the same transaction as the change it tells of, so a
/// change that rolls back leaves no e-mail and a committed one never loses its e-mail. Subject and body are rendered
/// when the row is written, in the recipient's language; a sender delivers rows and records how it went.
/// </summary>
public sealed class OutgoingEmail
{
    public Guid Id { get; init; }

    /// <summary>The address as the person gave it.</summary>
    public required string Recipient { get; init; }

    /// <summary>The language the subject and body are written in: <c>zh-CN</c> or <c>en</c>.</summary>
    public required string Language { get; init; }

    public required string Subject { get; init; }
    public required string Body { get; init; }

    /// <summary>What caused it, as the audit trail names the action (e.g. <c>auth.password-reset.requested</c>).</summary>
    public required string Event { get; init; }

    /// <summary>The record the event is about (the reset's, the invitation's id), to find the e-mail of a change.</summary>
    public Guid? SourceId { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public OutgoingEmailStatus Status { get; set; } = OutgoingEmailStatus.Pending;
}
