using System.Text.Json;
using YangFan.Benchmarks.Api.Mail;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>
/// Arguments of the <c>notify</c> effect: the role told, the notification's message, and optionally the mail event
/// (<see cref="MailEvents"/>) whose e-mail goes to each person of the role. A name that is no application event is
/// refused when the definition is validated, at <c>$.transitions[i].effects[j].args</c>.
/// </summary>
public sealed record NotifyArgs
{
    public NotifyArgs(string role, string message, string? mail = null)
    {
        if (mail is not null && (MailEvents.Find(mail) is not { } found || found.Values != typeof(ApplicationMail)))
            throw new JsonException($"'{mail}' is no mail event the notify effect sends; it sends "
                + string.Join(", ", MailEvents.All.Where(e => e.Values == typeof(ApplicationMail)).Select(e => e.Name)) + ".");
        Role = role;
        Message = message;
        Mail = mail;
    }

    public string Role { get; }
    public string Message { get; }
    public string? Mail { get; }
}

public sealed class NotifyEffect : IWorkflowEffect
{
    public string Name => "notify";
    public string Description => "Leaves a notification for a role and, when 'mail' names a mail event, e-mails each person of the role in their language.";
    public Type? ArgumentsType => typeof(NotifyArgs);

    public async ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var args = (NotifyArgs)arguments!;
        await c.Notifier.ApplicationAsync(c.Application, args.Role, args.Message, args.Mail is { } mail ? MailEvents.Find(mail) : null, c.Comment, ct);
    }
}
