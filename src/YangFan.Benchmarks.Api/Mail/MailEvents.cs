namespace YangFan.Benchmarks.Api.Mail;

/// <summary>
/// An event that sends e-mail: its name (as the audit trail names the action), the template it is written from, and
/// whether a user may turn it off. Mandatory ones carry a credential, a decision about the recipient's own application
/// or a task only they can do.
/// </summary>
public sealed record MailEvent(string Name, string Template, bool Optional);

/// <summary>Every event that sends e-mail. A template file exists for each (the render test checks both languages).</summary>
public static class MailEvents
{
    public static readonly MailEvent PasswordReset = new("auth.password-reset.requested", "PasswordReset", Optional: false);
    public static readonly MailEvent Invitation = new("organisation.member-invited", "Invitation", Optional: false);

    public static readonly MailEvent ObjectionCode = new("objection.code-sent", "ObjectionCode", Optional: false);
    public static readonly MailEvent ObjectionResolved = new("objection.resolved", "ObjectionResolved", Optional: false);

    /// <summary>Every event, for the preferences page and the render test.</summary>
    public static IReadOnlyList<MailEvent> All { get; } = [PasswordReset, Invitation, ObjectionCode, ObjectionResolved];

    public static MailEvent? Find(string name) => All.FirstOrDefault(e => e.Name == name);
}
