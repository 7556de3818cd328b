using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Mail;

namespace YangFan.Benchmarks.Api.Features.Notifications;

/// <summary>The caller's e-mail language, and each event that sends e-mail: whether it is sent to them, and whether they may turn it off.</summary>
public sealed record MailPreferencesView(string Language, IReadOnlyList<MailEventPreference> Events);

/// <summary>An event that sends e-mail (<c>application.entered-notice</c>), whether the caller may turn it off, and whether it is on.</summary>
public sealed record MailEventPreference(string Event, bool Optional, bool Enabled);

public static class GetMailPreferences
{
    public sealed record Query : IQuery<MailPreferencesView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IQueryHandler<Query, MailPreferencesView>
    {
        public async ValueTask<MailPreferencesView> Handle(Query query, CancellationToken ct) => await ViewAsync(db, user.RequireId(), ct);
    }

    /// <summary>The preferences as stored: every event of <see cref="MailEvents.All"/>, mandatory ones always on.</summary>
    public static async Task<MailPreferencesView> ViewAsync(AppDbContext db, Guid userId, CancellationToken ct)
    {
        var language = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.PreferredLanguage).FirstAsync(ct);
        var off = (await db.EmailOptOuts.AsNoTracking().Where(o => o.UserId == userId).Select(o => o.Event).ToListAsync(ct)).ToHashSet();
        return new MailPreferencesView(language,
            MailEvents.All.Select(e => new MailEventPreference(e.Name, e.Optional, !e.Optional || !off.Contains(e.Name))).ToList());
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/me/mail-preferences", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .RequireAuthorization()
            .WithTags("Notifications")
            .WithName("GetMailPreferences")
            .WithSummary("The caller's e-mail language and, for every event that sends e-mail, whether it is on and whether it may be turned off.")
            .WithProblems(401);
}
