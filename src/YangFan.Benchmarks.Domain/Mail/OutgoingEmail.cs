namespace YangFan.Benchmarks.Domain.Mail;

/// <summary>Where an outgoing e-mail is on its way out. Stored by name.</summary>
public enum OutgoingEmailStatus
{
    /// <summary>Written with the change that caused it; not yet accepted by a mail server (perhaps tried and to be tried again).</summary>
    Pending,

    /// <summary>Accepted by the mail server (or written as an <c>.eml</c> file when none is configured).</summary>
    Sent,

    /// <summary>Given up after the last attempt; <see cref="OutgoingEmail.LastError"/> says why.</summary>
    Failed,
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

    /// <summary>The account it was written for, when the recipient has one (invitations and objectors have none).</summary>
    public Guid? RecipientUserId { get; init; }

    /// <summary>The template it was rendered from (<c>Mail/Templates/&lt;Template&gt;.&lt;language&gt;.txt</c>).</summary>
    public string? Template { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public OutgoingEmailStatus Status { get; set; } = OutgoingEmailStatus.Pending;

    /// <summary>How many times a sender has tried to hand it to the mail server.</summary>
    public int Attempts { get; set; }

    /// <summary>Not to be tried before this time (backoff after a failure); null: as soon as a sender sees it.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>Why the last attempt failed.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

/// <summary>That a user turned off the e-mails of one optional event (see <c>Mail/MailEvents.cs</c> in the API).</summary>
public sealed class EmailOptOut
{
    public Guid UserId { get; init; }

    /// <summary>The event's name, as the outbox names it (e.g. <c>application.entered-notice</c>).</summary>
    public required string Event { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
