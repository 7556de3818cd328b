using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Features.Reference;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>Creating a draft application and editing it while it is a draft.</summary>
public static class SaveApplication
{
    /// <summary>The application's sector (demonstration benchmarks) and its programme-specific content.</summary>
    /// <param name="SectorCode">A sector open in the call; demonstration benchmarks only.</param>
    /// <param name="Content">The content of the form the call pins (<c>GET /api/applications/{id}/form</c>, docs/forms.md):
    /// a JSON object that may be incomplete while a draft, but whose every value given must fit the form.</param>
    public sealed record Body(string? SectorCode, JsonElement Content);

    public sealed record Command(Guid? CallId, Guid? ApplicationId, Body Body, int? ExpectedVersion) : ICommand<ApplicationView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Body.SectorCode).MaximumLength(64).OverridePropertyName("sectorCode");
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, ApplicationLauncher launcher, AuditTrail audit, WorkflowLibrary workflows,
        FormLibrary forms)
        : ICommandHandler<Command, ApplicationView>
    {
        public async ValueTask<ApplicationView> Handle(Command command, CancellationToken ct)
        {
            Application application;
            Call call;
            if (command.ApplicationId is { } applicationId)
            {
                application = await ApplicationAccess.LoadVisibleAsync(db, user, applicationId, ct);
                if (user.Role != Roles.Applicant)
                    throw ProblemException.Forbidden("Only the applicant organisation edits its application.");
                db.RequireVersion(application, command.ExpectedVersion, "application", ApplicationAccess.VersionFor(user, application));
                if (!await workflows.HasTagAsync(application, StateTags.Editable, ct))
                    // The state is not named: an applicant must not learn of a staged decision from an error.
                    throw ProblemException.Conflict("Only a draft or returned application can be edited.");
                call = await db.Calls.Include(c => c.Sectors).FirstAsync(c => c.Id == application.CallId, ct);
            }
            else
            {
                if (user.Role != Roles.Applicant)
                    throw ProblemException.Forbidden("Applications are made by applicant organisations.");
                call = await db.Calls.Include(c => c.Sectors).FirstOrDefaultAsync(c => c.Id == command.CallId, ct)
                    ?? throw ProblemException.NotFound("The call");
                if (!await workflows.HasTagAsync(call, StateTags.Listed, ct))
                    throw ProblemException.NotFound("The call");
                if (!await workflows.HasTagAsync(call, StateTags.AcceptingApplications, ct))
                    throw ProblemException.Conflict($"The call is {call.Status}; applications can only be started while it is open.");
                var organisationId = await user.OrganisationIdAsync(db, ct)
                    ?? throw ProblemException.Forbidden("Your account has no organisation.");
                application = await launcher.CreateApplicationAsync(call, organisationId, ApplicationAccess.ActorFor(user), ct);
            }

            var content = command.Body.Content;
            if (content.ValueKind != JsonValueKind.Object)
                throw ProblemException.Invalid("content", "Must be a JSON object.");
            var sector = command.Body.SectorCode;
            if (await ProgrammeSectors.RequiredAsync(db, call.ProgrammeKey, ct))
            {
                if (sector is not null && !call.Sectors.Any(s => s.SectorCode == sector))
                    throw ProblemException.Invalid("sectorCode", $"Sector '{sector}' is not open in this call.");
            }
            else if (sector is not null)
                throw ProblemException.Invalid("sectorCode", "Only applications of programmes whose targets are per sector have a sector.");
            var form = await forms.ForCallAsync(call, ct);
            if (form.Check(content, complete: false) is { Count: > 0 } errors)
                throw ProblemException.ContentInvalid("/content", errors);

            // Where the programme allows several applications of one organisation (a supplier's solutions), each has
            // a slot of its own; elsewhere the slot is empty and the unique index keeps one per call (and sector).
            if (command.ApplicationId is null && await db.Programmes.AnyAsync(p => p.Key == call.ProgrammeKey && p.SeveralPerOrganisation, ct))
                application.Slot = application.Id.ToString();
            var duplicate = application.Slot.Length == 0 && await db.Applications.AnyAsync(a => a.CallId == call.Id
                && a.OrganisationId == application.OrganisationId && a.SectorKey == (sector ?? "") && a.Slot == "" && a.Id != application.Id, ct);
            if (duplicate)
                throw ProblemException.Duplicate(sector is null
                    ? "Your organisation already has an application in this call."
                    : $"Your organisation already has an application in this call for sector '{sector}'.");

            application.SectorCode = sector;
            application.SectorKey = sector ?? "";
            var title = form.ListingTitle(content);
            application.Title = title.Length > 300 ? title[..300] : title;
            application.Content = content.GetRawText();
            audit.Record(command.ApplicationId is null ? "application.drafted" : "application.edited", "Application", application.Id,
                new { application.SectorCode, application.Title });
            await db.SaveChangesAsync(ct);
            // Only applicants save, and a draft is never staged: their view differs only in version and state time.
            return ApplicationView.From(application) with { Version = application.ShownVersion, StateEnteredAt = application.ShownStateEnteredAt };
        }
    }

    public static void MapCreate(IEndpointRouteBuilder app) =>
        app.MapPost("/api/calls/{callId:guid}/applications", async (Guid callId, Body body, ISender sender, HttpResponse response,
                CancellationToken ct) =>
            {
                var application = await sender.Send(new Command(callId, null, body, null), ct);
                response.Headers.ETag = $"\"{application.Version}\"";
                return TypedResults.Created($"/api/applications/{application.Id}", application);
            })
            .RequireAuthorization()
            .WithTags("Applications")
            .WithName("CreateApplication")
            .WithSummary("Starts a draft application of the caller's organisation in an open call.")
            .WithProblems(400, 401, 403, 404, 409, 413, 415);

    public static void MapUpdate(RouteGroupBuilder group) =>
        group.MapPut("/{id:guid}", async (Guid id, Body body, HttpRequest request, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var application = await sender.Send(new Command(null, id, body, EndpointConventions.ParseIfMatch(request)), ct);
                response.Headers.ETag = $"\"{application.Version}\"";
                return TypedResults.Ok(application);
            })
            .WithName("UpdateApplication")
            .WithSummary("Edits a draft (or returned) application; requires If-Match.")
            .WithProblems(401, 403, 404, 409, 412, 428);
}
