using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Pages.Shared;

namespace YangFan.Benchmarks.Api.Mail;

/// <summary>
/// The one place that tells people of an event: it leaves the in-app <see cref="Notification"/> and writes the e-mail
/// to each person it concerns, in that person's language, skipping an optional event they turned off, all in the
/// caller's unit of work (so nothing is written when the change rolls back). A role is resolved to people by the same
/// rules that decide who may see the application (docs/decisions/0040):
/// <list type="bullet">
/// <item>Applicant: the accounts of the application's organisation;</item>
/// <item>Recommender: the recommender accounts whose authority covers it (<see cref="Jurisdiction"/>);</item>
/// <item>Admin: the active administrators;</item>
/// <item>Expert: the experts holding an open assignment of its current review round.</item>
/// </list>
/// Disabled accounts and accounts without an e-mail address get no e-mail.
/// </summary>
public sealed class Notifier(AppDbContext db, Outbox outbox, TimeProvider time)
{
    /// <summary>The administrators' notification of a confirmed objection.</summary>
    public const string ObjectionReceivedMessage = "An objection to a notice entry was received and confirmed by its e-mail address.";

    /// <summary>A person an e-mail goes to, and the page where they act on it.</summary>
    private sealed record Person(AppUser User, string Path);

    /// <summary>
    /// Tells <paramref name="role"/> of something that happened to the application: the notification with
    /// <paramref name="message"/>, and, when the event sends mail, the e-mail with the comment given as the reason.
    /// </summary>
    public async Task ApplicationAsync(Application application, string role, string message, MailEvent? mail, string? reason, CancellationToken ct)
    {
        if (mail is null)
        {
            Notify(application.Id, role, message);
            return;
        }
        var (call, organisation) = await NamesAsync(application, ct);
        await SendAsync(application, role, message, mail, (person, language) => new ApplicationMail(person.User.DisplayName, application.Title,
            call(language), organisation, reason?.Trim() ?? "", outbox.Link(person.Path)), ct);
    }

    /// <summary>The applicant's application entered public notice, which ends when <paramref name="notice"/> does.</summary>
    public async Task EnteredNoticeAsync(Application application, Notice notice, CancellationToken ct)
    {
        var (call, organisation) = await NamesAsync(application, ct);
        await SendAsync(application, Roles.Applicant, $"Your application entered public notice until {ChinaTime.Display(notice.EndsAt)} (Beijing time).",
            MailEvents.EnteredNotice, (person, language) => new NoticeMail(person.User.DisplayName, application.Title, call(language), organisation,
                ChinaTime.Display(notice.EndsAt), outbox.Link(person.Path)), ct);
    }

    /// <summary>The applicant's application was published in <paramref name="directory"/>.</summary>
    public Task PublishedAsync(Application application, DirectoryVersion directory, CancellationToken ct) =>
        DirectoryAsync(application, directory, MailEvents.Published, "Your application was published in the directory.", "", ct);

    /// <summary>The applicant's application was revoked from <paramref name="directory"/> (the new version) for <paramref name="reason"/>.</summary>
    public Task RevokedAsync(Application application, DirectoryVersion directory, string reason, CancellationToken ct) =>
        DirectoryAsync(application, directory, MailEvents.Revoked, $"Your application was revoked from the directory: {reason.Trim()}", reason.Trim(), ct);

    private async Task DirectoryAsync(Application application, DirectoryVersion directory, MailEvent mail, string message, string reason, CancellationToken ct)
    {
        var (call, organisation) = await NamesAsync(application, ct);
        await SendAsync(application, Roles.Applicant, message, mail, (person, language) => new DirectoryMail(person.User.DisplayName, application.Title,
            call(language), organisation, language == Outbox.English ? directory.TitleEn : directory.TitleZh, reason,
            outbox.Link($"/directories/{directory.Id}")), ct);
    }

    /// <summary>An expert was assigned (by hand or as a replacement): the expert learns what to review and by when.</summary>
    public async Task AssignedAsync(Assignment assignment, Application application, CancellationToken ct)
    {
        var expert = await db.Users.AsNoTracking().FirstAsync(u => u.Id == assignment.ExpertId, ct);
        var (call, _) = await NamesAsync(application, ct);
        var path = $"/expert/assignments/{assignment.Id}";
        NotifyUser(expert.Id, application.Id, $"You were assigned to review \"{application.Title}\" by {ChinaTime.Display(assignment.DueAt)} (Beijing time).");
        if (Reachable(expert))
            outbox.Write(MailRecipient.For(expert), MailEvents.ExpertAssigned, assignment.Id, new AssignmentMail(expert.DisplayName,
                application.Title, call(expert.PreferredLanguage), ChinaTime.Display(assignment.DueAt), outbox.Link(path)));
    }

    /// <summary>The automatic assigner gave experts reviews in a call: one message per expert, however many reviews.</summary>
    public async Task AssignedInBulkAsync(Guid callId, IEnumerable<Assignment> assignments, CancellationToken ct)
    {
        // Folded as it is read: the plan may be tens of thousands of assignments, never held at once.
        var byExpert = new Dictionary<Guid, (int Count, DateTimeOffset Due)>();
        foreach (var a in assignments)
            byExpert[a.ExpertId] = byExpert.TryGetValue(a.ExpertId, out var seen) ? (seen.Count + 1, a.DueAt < seen.Due ? a.DueAt : seen.Due) : (1, a.DueAt);
        if (byExpert.Count == 0)
            return;
        var call = await db.Calls.AsNoTracking().Where(c => c.Id == callId).Select(c => new { c.TitleZh, c.TitleEn }).FirstAsync(ct);
        var ids = byExpert.Keys.ToList();
        foreach (var expert in await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(ct))
        {
            var (count, due) = byExpert[expert.Id];
            NotifyUser(expert.Id, null, $"You were assigned {count} reviews in {call.TitleEn}; the first is due by {ChinaTime.Display(due)} (Beijing time).");
            if (Reachable(expert))
                outbox.Write(MailRecipient.For(expert), MailEvents.ExpertAssignedInBulk, callId, new BulkAssignmentMail(expert.DisplayName,
                    expert.PreferredLanguage == Outbox.English ? call.TitleEn : call.TitleZh, count, ChinaTime.Display(due), outbox.Link("/expert")));
        }
    }

    /// <summary>
    /// An organisation's verification was decided: its members learn the result and the reason by e-mail (the
    /// organisation page shows the decision, so no notification repeats it).
    /// </summary>
    public async Task VerificationDecidedAsync(Organisation organisation, bool verified, string? reason, CancellationToken ct)
    {
        var mail = verified ? MailEvents.VerificationApproved : MailEvents.VerificationRefused;
        foreach (var member in (await MembersOf(organisation.Id).ToListAsync(ct)).Where(Reachable))
            outbox.Write(MailRecipient.For(member), mail, organisation.Id,
                new VerificationMail(member.DisplayName, organisation.Name, reason ?? "", outbox.Link("/organisation")));
    }

    /// <summary>
    /// An objection was confirmed by its objector (h-objection calls this at confirmation): the administrators learn
    /// that an application in notice has an open objection to resolve.
    /// </summary>
    public async Task ObjectionConfirmedAsync(Objection objection, CancellationToken ct)
    {
        var application = await db.Applications.AsNoTracking().FirstAsync(a => a.Id == objection.ApplicationId, ct);
        var notice = await db.Notices.AsNoTracking().FirstAsync(n => n.Id == objection.NoticeId, ct);
        var (call, organisation) = await NamesAsync(application, ct);
        await SendAsync(application, Roles.Admin, ObjectionReceivedMessage, MailEvents.ObjectionReceived, (person, language) => new ObjectionMail(person.User.DisplayName, application.Title, call(language), organisation,
                ChinaTime.Display(notice.EndsAt), outbox.Link($"/admin/notices/{notice.Id}")), ct);
    }

    /// <summary>Notifies the role (a notification per expert) and e-mails each person of it.</summary>
    private async Task SendAsync(Application application, string role, string message, MailEvent mail, Func<Person, string, object> values, CancellationToken ct)
    {
        var people = await PeopleAsync(application, role, ct);
        if (role == Roles.Expert)
            foreach (var person in people)
                NotifyUser(person.User.Id, application.Id, message);
        else
            Notify(application.Id, role, message);
        foreach (var person in people.Where(p => Reachable(p.User)))
            await outbox.WriteAsync(MailRecipient.For(person.User), mail, application.Id, values(person, person.User.PreferredLanguage), ct);
    }

    private async Task<IReadOnlyList<Person>> PeopleAsync(Application application, string role, CancellationToken ct)
    {
        switch (role)
        {
            case Roles.Applicant:
                return (await MembersOf(application.OrganisationId).ToListAsync(ct))
                    .Select(u => new Person(u, $"/applicant/applications/{application.Id}")).ToList();
            case Roles.Recommender:
                return (await Jurisdiction.RecommendersOf(db, application).Where(u => !u.IsDisabled).ToListAsync(ct))
                    .Select(u => new Person(u, $"/recommender/applications/{application.Id}")).ToList();
            case Roles.Admin:
                return (await db.Users.AsNoTracking().Where(u => u.Role == Roles.Admin && !u.IsDisabled).OrderBy(u => u.Id).ToListAsync(ct))
                    .Select(u => new Person(u, $"/admin/applications/{application.Id}")).ToList();
            case Roles.Expert:
                var open = await (from a in db.Assignments
                                  join u in db.Users on a.ExpertId equals u.Id
                                  where a.ApplicationId == application.Id && a.Round == application.ReviewRound && a.Status == AssignmentStatus.Assigned
                                  orderby u.Id
                                  select new { a.Id, User = u }).AsNoTracking().ToListAsync(ct);
                return open.Select(o => new Person(o.User, $"/expert/assignments/{o.Id}")).ToList();
            default:
                return [];
        }
    }

    /// <summary>The accounts that act for an organisation and may see its applications (<c>ApplicationAccess</c>).</summary>
    private IQueryable<AppUser> MembersOf(Guid organisationId) =>
        db.Users.AsNoTracking().Where(u => u.Role == Roles.Applicant && u.OrganisationId == organisationId && !u.IsDisabled).OrderBy(u => u.Id);

    private static bool Reachable(AppUser user) => !user.IsDisabled && !string.IsNullOrWhiteSpace(user.Email);

    /// <summary>
    /// The call's title in a language, and the organisation the application was submitted under (ADR 0013). The call is
    /// usually tracked already (the transition read it with the application), and the submitted name is on the
    /// application once submitted: then nothing is read.
    /// </summary>
    private async Task<(Func<string, string> Call, string Organisation)> NamesAsync(Application application, CancellationToken ct)
    {
        var call = db.Calls.Local.FirstOrDefault(c => c.Id == application.CallId)
            ?? await db.Calls.AsNoTracking().FirstAsync(c => c.Id == application.CallId, ct);
        var organisation = application.SubmittedOrganisationName
            ?? await db.Organisations.AsNoTracking().Where(o => o.Id == application.OrganisationId).Select(o => o.Name).FirstOrDefaultAsync(ct)
            ?? "";
        return (language => language == Outbox.English ? call.TitleEn : call.TitleZh, organisation);
    }

    private void Notify(Guid applicationId, string role, string message) =>
        db.Notifications.Add(new Notification
        {
            Id = Guid.NewGuid(), RecipientRole = role, ApplicationId = applicationId, Message = message, CreatedAt = time.GetUtcNow(),
        });

    private void NotifyUser(Guid userId, Guid? applicationId, string message) =>
        db.Notifications.Add(new Notification
        {
            Id = Guid.NewGuid(), RecipientUserId = userId, ApplicationId = applicationId, Message = message, CreatedAt = time.GetUtcNow(),
        });
}
