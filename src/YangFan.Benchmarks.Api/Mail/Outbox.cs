using System.Globalization;
using System.Resources;
using Microsoft.AspNetCore.Localization;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.Api.Mail;

/// <summary>
/// Writes e-mails to the outbox (<see cref="OutgoingEmail"/>) within the caller's unit of work, so they commit or roll
/// back with the change they tell of. Nothing sends them yet: delivery is the e-mail issue's (docs/decisions/0032).
/// Subject and body come from <c>Outbox.resx</c> (Chinese) and <c>Outbox.en.resx</c>, as <c>&lt;Template&gt;.Subject</c>
/// and <c>&lt;Template&gt;.Body</c>, with the values in their <c>{0}</c>, <c>{1}</c> places.
/// </summary>
public sealed class Outbox(AppDbContext db, MailOptions options, IHttpContextAccessor http, TimeProvider time)
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    private static readonly ResourceManager Texts = new(typeof(Outbox).FullName!, typeof(Outbox).Assembly);

    public OutgoingEmail Write(string recipient, string template, string @event, Guid? sourceId, params object[] values)
    {
        var language = Language();
        var culture = CultureInfo.GetCultureInfo(language);
        var email = new OutgoingEmail
        {
            Id = Guid.NewGuid(),
            Recipient = recipient,
            Language = language,
            Subject = string.Format(culture, Text(template + ".Subject", culture), values),
            Body = string.Format(culture, Text(template + ".Body", culture), values),
            Event = @event,
            SourceId = sourceId,
            CreatedAt = time.GetUtcNow(),
        };
        db.OutgoingEmails.Add(email);
        return email;
    }

    /// <summary>A page's path as a link that works from an e-mail.</summary>
    public string Link(string path) => options.PublicBaseUrl.TrimEnd('/') + path;

    /// <summary>
    /// The language of the page the person was using (the pages' request localisation decides it); Chinese for calls to
    /// the JSON API, which has no language of its own.
    /// </summary>
    private string Language() =>
        http.HttpContext?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.TwoLetterISOLanguageName == "en" ? English : Chinese;

    private static string Text(string key, CultureInfo culture) =>
        Texts.GetString(key, culture) ?? throw new InvalidOperationException($"Mail/Outbox.resx has no text '{key}'.");
}
