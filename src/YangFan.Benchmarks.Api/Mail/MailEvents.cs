namespace YangFan.Benchmarks.Api.Mail;

/// <summary>
/// An event that sends e-mail: its name (as the audit trail names the action), the template it is written from, whether
/// a user may turn it off, and the record of values its writer gives the template (<paramref name="Values"/>: its
/// properties, camel-cased, are the names a template may use). Mandatory ones carry a credential, a decision about the
/// recipient's own application or organisation, or a task only they can do.
/// </summary>
public sealed record MailEvent(string Name, string Template, bool Optional, Type? Values = null);

/// <summary>Every event that sends e-mail. A template file exists for each (the render test checks both languages).</summary>
public static class MailEvents
{
    public static readonly MailEvent PasswordReset = new("auth.password-reset.requested", "PasswordReset", Optional: false, typeof(PasswordResetMail));
    public static readonly MailEvent Invitation = new("organisation.member-invited", "Invitation", Optional: false, typeof(InvitationMail));

    public static readonly MailEvent ExpertAssigned = new("assignment.created", "ExpertAssigned", Optional: false, typeof(AssignmentMail));
    public static readonly MailEvent ExpertAssignedInBulk = new("assignments.auto-applied", "ExpertAssignedInBulk", Optional: false, typeof(BulkAssignmentMail));
    public static readonly MailEvent ReviewOverdue = new("review.overdue", "ReviewOverdue", Optional: false, typeof(ApplicationMail));
    public static readonly MailEvent ReviewOverdueForAdmins = new("review.overdue.admin", "ReviewOverdueForAdmins", Optional: true, typeof(ApplicationMail));
    public static readonly MailEvent ReviewerNeeded = new("assignment.replacement-needed", "ReviewerNeeded", Optional: true, typeof(ApplicationMail));
    public static readonly MailEvent AwaitingRecommendation = new("application.awaiting-recommendation", "AwaitingRecommendation", Optional: true, typeof(ApplicationMail));
    public static readonly MailEvent Returned = new("application.returned", "Returned", Optional: false, typeof(ApplicationMail));
    public static readonly MailEvent Declined = new("application.declined", "Declined", Optional: false, typeof(ApplicationMail));
    public static readonly MailEvent Rejected = new("application.rejected", "Rejected", Optional: false, typeof(ApplicationMail));
    public static readonly MailEvent EnteredNotice = new("application.entered-notice", "EnteredNotice", Optional: true, typeof(NoticeMail));
    public static readonly MailEvent Approved = new("application.approved", "Approved", Optional: true, typeof(ApplicationMail));
    public static readonly MailEvent Published = new("application.published", "Published", Optional: true, typeof(DirectoryMail));
    public static readonly MailEvent Revoked = new("application.revoked", "Revoked", Optional: false, typeof(DirectoryMail));
    public static readonly MailEvent VerificationApproved = new("organisation.verified", "VerificationApproved", Optional: false, typeof(VerificationMail));
    public static readonly MailEvent VerificationRefused = new("organisation.verification-refused", "VerificationRefused", Optional: false, typeof(VerificationMail));
    public static readonly MailEvent ObjectionReceived = new("objection.received", "ObjectionReceived", Optional: true, typeof(ObjectionMail));

    public static readonly MailEvent ObjectionCode = new("objection.code-sent", "ObjectionCode", Optional: false, typeof(ObjectionCodeMail));
    public static readonly MailEvent ObjectionResolved = new("objection.resolved", "ObjectionResolved", Optional: false, typeof(ObjectionResolvedMail));

    /// <summary>Every event, for the preferences page and the render test.</summary>
    public static IReadOnlyList<MailEvent> All { get; } =
    [
        PasswordReset, Invitation, ExpertAssigned, ExpertAssignedInBulk, ReviewOverdue, ReviewOverdueForAdmins, ReviewerNeeded,
        AwaitingRecommendation, Returned, Declined, Rejected, EnteredNotice, Approved, Published, Revoked, VerificationApproved,
        VerificationRefused, ObjectionReceived, ObjectionCode, ObjectionResolved,
    ];

    /// <summary>The events a user may turn off.</summary>
    public static IReadOnlyList<MailEvent> Optional { get; } = All.Where(e => e.Optional).ToList();

    public static MailEvent? Find(string name) => All.FirstOrDefault(e => e.Name == name);
}

// The values each event's templates are given, one record per kind of event; dates are already Beijing time
// (ChinaTime.Display) and links absolute (Outbox.Link).

/// <summary>A password reset link.</summary>
public sealed record PasswordResetMail(string Name, string Link, int Minutes);

/// <summary>An invitation to join an organisation.</summary>
public sealed record InvitationMail(string Inviter, string Organisation, string Link, string ExpiresAt);

/// <summary>Something happened to an application: its title, call, organisation, the comment given (or empty), the page to act on.</summary>
public sealed record ApplicationMail(string Name, string Application, string Call, string Organisation, string Reason, string Link);

/// <summary>An application entered public notice, which ends at <paramref name="NoticeEndsAt"/>.</summary>
public sealed record NoticeMail(string Name, string Application, string Call, string Organisation, string NoticeEndsAt, string Link);

/// <summary>An application was published in, or revoked from, a directory.</summary>
public sealed record DirectoryMail(string Name, string Application, string Call, string Organisation, string Directory, string Reason, string Link);

/// <summary>An expert was assigned to review an application, due at <paramref name="DueAt"/>.</summary>
public sealed record AssignmentMail(string Name, string Application, string Call, string DueAt, string Link);

/// <summary>The automatic assigner gave an expert <paramref name="Count"/> reviews in a call, the first due at <paramref name="DueAt"/>.</summary>
public sealed record BulkAssignmentMail(string Name, string Call, int Count, string DueAt, string Link);

/// <summary>An organisation's verification was decided.</summary>
public sealed record VerificationMail(string Name, string Organisation, string Reason, string Link);

/// <summary>An objection to an application in public notice was confirmed by its objector.</summary>
public sealed record ObjectionMail(string Name, string Application, string Call, string Organisation, string NoticeEndsAt, string Link);

/// <summary>The code that confirms an objection, sent to the objector's address.</summary>
public sealed record ObjectionCodeMail(string ReceiptNumber, string Entry, string Code, int Minutes, string Link);

/// <summary>How an objection was resolved, sent to the objector.</summary>
public sealed record ObjectionResolvedMail(string ReceiptNumber, string Entry, string Outcome, string Reason);
