using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Mail;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.Api.Features.Notifications;

public static class SetMailPreferences
{
    /// <summary>
    /// The language e-mails are written in (<c>zh-CN</c> or <c>en</c>), and events to turn on (true) or off (false) by
    /// name; events left out keep their setting. Turning off a mandatory event, or naming an unknown one, is refused (422).
    /// </summary>
    public sealed record Body(string Language, IReadOnlyDictionary<string, bool>? Events);

    public sealed record Command(string Language, IReadOnlyDictionary<string, bool> Events) : ICommand<MailPreferencesView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Language).MaximumLength(16).Must(l => l is Outbox.Chinese or Outbox.English)
            .WithMessage("The language is zh-CN or en.").OverridePropertyName("language");
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit, TimeProvider time) : ICommandHandler<Command, MailPreferencesView>
    {
        public async ValueTask<MailPreferencesView> Handle(Command command, CancellationToken ct)
        {
            foreach (var (name, on) in command.Events)
            {
                var known = MailEvents.Find(name) ?? throw ProblemException.MailEventUnknown(name);
                if (!known.Optional && !on)
                    throw ProblemException.MailEventMandatory(name);
            }
            var me = user.RequireId();
            var account = await db.Users.FirstAsync(u => u.Id == me, ct);
            account.PreferredLanguage = command.Language;
            var stored = await db.EmailOptOuts.Where(o => o.UserId == me).ToListAsync(ct);
            var now = time.GetUtcNow();
            foreach (var (name, on) in command.Events.Where(e => MailEvents.Find(e.Key)!.Optional))
            {
                var existing = stored.FirstOrDefault(o => o.Event == name);
                if (on && existing is not null)
                    db.EmailOptOuts.Remove(existing);
                else if (!on && existing is null)
                    db.EmailOptOuts.Add(new EmailOptOut { UserId = me, Event = name, CreatedAt = now });
            }
            await db.SaveChangesAsync(ct);
            var view = await GetMailPreferences.ViewAsync(db, me, ct);
            audit.Record("user.mail-preferences-changed", "User", me,
                new { view.Language, off = view.Events.Where(e => !e.Enabled).Select(e => e.Event) });
            return view;
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPut("/api/me/mail-preferences", async (Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(body.Language, body.Events ?? new Dictionary<string, bool>()), ct)))
            .RequireAuthorization()
            .WithTags("Notifications")
            .WithName("SetMailPreferences")
            .WithSummary("Sets the caller's e-mail language and turns optional e-mails on or off; a mandatory one cannot be turned off (audited).")
            .WithProblems(400, 401, 422);
}
