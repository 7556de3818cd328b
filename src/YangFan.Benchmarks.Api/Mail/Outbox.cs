using Microsoft.AspNetCore.Localization;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.Api.Mail;

/// <summary>Who an e-mail goes to: the address, the language it is written in, and the account when there is one.</summary>
public sealed record MailRecipient(string Address, string Language, Guid? UserId = null)
{
    /// <summary>An account, in the language it chose.</summary>
    public static MailRecipient For(AppUser user) => new(user.Email!, user.PreferredLanguage, user.Id);
}

/// <summary>
/// Writes e-mails to the outbox (<see cref="OutgoingEmail"/>) within the caller's unit of work, so they commit or roll
/// back with the change they tell of (docs/decisions/0032). Subject and body are rendered now, from the event's template
/// in the recipient's language (<see cref="MailTemplates"/>); a sender delivers the rows later.
/// </summary>
public sealed class Outbox(AppDbContext db, MailOptions options, IHttpContextAccessor http, TimeProvider time)
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    /// <summary>
    /// Writes the event's e-mail to <paramref name="to"/>, unless it is optional and the account turned it off (then
    /// null). <paramref name="values"/> is an object whose properties the template names (<c>new { name, link }</c>).
    /// </summary>
    public async Task<OutgoingEmail?> WriteAsync(MailRecipient to, MailEvent @event, Guid? sourceId, object values, CancellationToken ct)
    {
        if (@event.Optional && to.UserId is { } userId
            && await db.EmailOptOuts.AnyAsync(o => o.UserId == userId && o.Event == @event.Name, ct))
            return null;
        return Write(to, @event, sourceId, values);
    }

    /// <summary>Writes the event's e-mail whatever the recipient's choices: for mandatory events and people without an account.</summary>
    public OutgoingEmail Write(MailRecipient to, MailEvent @event, Guid? sourceId, object values)
    {
        var mail = MailTemplates.Render(@event.Template, to.Language, Values(values));
        var email = new OutgoingEmail
        {
            Id = Guid.NewGuid(),
            Recipient = to.Address,
            RecipientUserId = to.UserId,
            Language = to.Language,
            Subject = mail.Subject,
            Body = mail.Body,
            Event = @event.Name,
            Template = @event.Template,
            SourceId = sourceId,
            CreatedAt = time.GetUtcNow(),
        };
        db.OutgoingEmails.Add(email);
        return email;
    }

    /// <summary>A page's path as a link that works from an e-mail.</summary>
    public string Link(string path) => options.PublicBaseUrl.TrimEnd('/') + path;

    /// <summary>
    /// The language of the page the person is using (the pages' request localisation decides it), for someone without
    /// an account; Chinese for calls to the JSON API, which has no language of its own.
    /// </summary>
    public string RequestLanguage() => RequestLanguageOr(Chinese);

    /// <summary>The language of the page the person is using, or <paramref name="otherwise"/> outside the pages.</summary>
    public string RequestLanguageOr(string otherwise) =>
        http.HttpContext?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.TwoLetterISOLanguageName switch
        {
            null => otherwise,
            "en" => English,
            _ => Chinese,
        };

    /// <summary>
    /// The properties of an event's values record (<see cref="MailEvent.Values"/>), camel-cased as templates name them
    /// (<c>NoticeEndsAt</c> is <c>{{noticeEndsAt}}</c>), or the entries of a dictionary, as the template's values.
    /// </summary>
    public static IReadOnlyDictionary<string, object?> Values(object values) =>
        values as IReadOnlyDictionary<string, object?>
        ?? values.GetType().GetProperties().ToDictionary(p => TemplateName(p.Name), p => p.GetValue(values), StringComparer.Ordinal);

    /// <summary>The name a template uses for a values property.</summary>
    public static string TemplateName(string property) => char.ToLowerInvariant(property[0]) + property[1..];
}
