using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Auth;
using YangFan.Benchmarks.Api.Features.Users;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Features.Organisations;

public static class OrganisationEndpoints
{
    public static void MapOrganisationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization();
        GetOrganisation.Map(group);
        UpdateOrganisation.Map(group);
        RequestRename.Map(group);
        ListRenameRequests.MapForOrganisation(group);
        var admin = app.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization(Policies.Admin);
        AddNationalBodyMembership.Map(admin);
        OverrideOrganisationProvince.Map(admin);
        RecordCreditCodeOverride.Map(app.MapGroup("/api/credit-code-overrides").WithTags("Organisations").RequireAuthorization(Policies.Admin));
        var renames = app.MapGroup("/api/organisation-rename-requests").WithTags("Organisations").RequireAuthorization(Policies.Admin);
        ListRenameRequests.MapForAdministrators(renames);
        DecideRenameRequest.Map(renames);
    }

    /// <summary>Members of the organisation and administrators; everyone else gets 404.</summary>
    public static async Task<Organisation> LoadVisibleAsync(AppDbContext db, ICurrentUser user, Guid id, CancellationToken ct)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct);
        var allowed = organisation is not null && (user.Role == Roles.Admin
            || await db.Users.AnyAsync(u => u.Id == user.Id && u.OrganisationId == id, ct));
        return allowed ? organisation! : throw ProblemException.NotFound("The organisation");
    }

    public static OrganisationView View(Organisation o) => new(o.Id, o.Name, o.CreditCode, o.Kind.ToString(), o.ProvinceCode, o.Address,
        o.ContactPerson, o.ContactPhone);
}

public static class GetOrganisation
{
    public sealed record Query(Guid Id) : IQuery<(OrganisationView View, int Version)>;

    public sealed class Handler(AppDbContext db, ICurrentUser user) : IQueryHandler<Query, (OrganisationView, int)>
    {
        public async ValueTask<(OrganisationView, int)> Handle(Query query, CancellationToken ct)
        {
            var organisation = await OrganisationEndpoints.LoadVisibleAsync(db, user, query.Id, ct);
            return (OrganisationEndpoints.View(organisation), organisation.Version);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", async (Guid id, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var (view, version) = await sender.Send(new Query(id), ct);
                response.Headers.ETag = $"\"{version}\"";
                return TypedResults.Ok(view);
            })
            .WithName("GetOrganisation")
            .WithSummary("An organisation, for its own members and administrators.")
            .WithProblems(401, 404);
}

public static class UpdateOrganisation
{
    /// <summary>
    /// The details an organisation's members may change. The credit code never changes; the name changes through a
    /// rename request an administrator approves, and the province only by an administrator's override. <c>name</c>
    /// and <c>provinceCode</c> may be sent back as read, or left out; a different value is refused with 409.
    /// </summary>
    public sealed record Body(string? Name, OrganisationKind Kind, string? ProvinceCode, string Address, string ContactPerson, string ContactPhone);

    public sealed record Command(Guid Id, Body Body, int? ExpectedVersion) : ICommand<(OrganisationView View, int Version)>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.Name).MaximumLength(200).OverridePropertyName("name");
            RuleFor(c => c.Body.Kind).IsInEnum().OverridePropertyName("kind");
            RuleFor(c => c.Body.ProvinceCode).Matches("^[0-9]{2}$").OverridePropertyName("provinceCode");
            RuleFor(c => c.Body.Address).NotEmpty().MaximumLength(300).OverridePropertyName("address");
            RuleFor(c => c.Body.ContactPerson).NotEmpty().MaximumLength(100).OverridePropertyName("contactPerson");
            RuleFor(c => c.Body.ContactPhone).NotEmpty().MaximumLength(32).Matches(PhoneNumbers.Pattern).WithMessage(PhoneNumbers.Message)
                .OverridePropertyName("contactPhone");
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit) : ICommandHandler<Command, (OrganisationView, int)>
    {
        public async ValueTask<(OrganisationView, int)> Handle(Command command, CancellationToken ct)
        {
            var organisation = await OrganisationEndpoints.LoadVisibleAsync(db, user, command.Id, ct);
            db.RequireVersion(organisation, command.ExpectedVersion, "organisation");
            var b = command.Body;
            if (b.Name is { } name && name.Trim() != organisation.Name)
                throw Locked("name", RequestRename.Endpoint, "The name changes through a rename request that an administrator approves");
            if (b.ProvinceCode is { } province && province != organisation.ProvinceCode)
                throw Locked("provinceCode", OverrideOrganisationProvince.Endpoint,
                    "The province comes from the credit code and only an administrator's override, with a reason, changes it");
            organisation.Kind = b.Kind;
            organisation.Address = b.Address.Trim();
            organisation.ContactPerson = b.ContactPerson.Trim();
            organisation.ContactPhone = b.ContactPhone.Trim();
            audit.Record("organisation.updated", "Organisation", organisation.Id, new { b.Kind, b.Address, b.ContactPerson, b.ContactPhone });
            await db.SaveChangesAsync(ct);
            return (OrganisationEndpoints.View(organisation), organisation.Version);
        }

        private static ProblemException Locked(string field, string endpoint, string why) =>
            new(StatusCodes.Status409Conflict, ProblemTypes.DedicatedEndpoint, "Use the dedicated endpoint",
                $"'{field}' cannot be changed here. {why}: {endpoint}.",
                new Dictionary<string, object?> { ["field"] = field, ["endpoint"] = endpoint });
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/{id:guid}", async (Guid id, Body body, HttpRequest request, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var (view, version) = await sender.Send(new Command(id, body, EndpointConventions.ParseIfMatch(request)), ct);
                response.Headers.ETag = $"\"{version}\"";
                return TypedResults.Ok(view);
            })
            .WithName("UpdateOrganisation")
            .WithSummary("Changes an organisation's kind, address and contact (its members and administrators); requires If-Match.")
            .WithProblems(401, 404, 409, 412, 428);
}

public static class AddNationalBodyMembership
{
    /// <summary>The national body (as named in recommender accounts) the organisation belongs to.</summary>
    public sealed record Body(string NationalBody);

    public sealed record Command(Guid OrganisationId, string NationalBody) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.NationalBody).NotEmpty().MaximumLength(200);
    }

    public sealed class Handler(AppDbContext db, AuditTrail audit, TimeProvider time) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            if (!await db.Organisations.AnyAsync(o => o.Id == command.OrganisationId, ct))
                throw ProblemException.NotFound("The organisation");
            var body = command.NationalBody.Trim();
            if (await db.NationalBodyMemberships.AnyAsync(m => m.NationalBody == body && m.OrganisationId == command.OrganisationId, ct))
                return Unit.Value;
            db.NationalBodyMemberships.Add(new NationalBodyMembership { NationalBody = body, OrganisationId = command.OrganisationId, CreatedAt = time.GetUtcNow() });
            audit.Record("organisation.membership-added", "Organisation", command.OrganisationId, new { nationalBody = body });
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/memberships", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(id, body.NationalBody), ct);
                return TypedResults.NoContent();
            })
            .WithName("AddNationalBodyMembership")
            .WithSummary("Records that an organisation is a member of a national recommending body (admin only).")
            .WithProblems(401, 403, 404);
}

public static class RecordCreditCodeOverride
{
    /// <summary>A real registered code that fails its checksum, and why it is accepted.</summary>
    public sealed record Command(string CreditCode, string Reason) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CreditCode).NotEmpty().MaximumLength(64).Must(c => CreditCode.Normalise(c).Length == CreditCode.Length
                    && CreditCode.Normalise(c).All(ch => CreditCode.Alphabet.Contains(ch)))
                .WithMessage("Must be 18 characters of the credit-code alphabet.");
            RuleFor(c => c.Reason).NotEmpty().MinimumLength(10).MaximumLength(500);
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit, TimeProvider time) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var code = CreditCode.Normalise(command.CreditCode);
            if (CreditCode.IsValid(code))
                throw ProblemException.Invalid("creditCode", "This code passes its checksum and needs no override.");
            if (await db.CreditCodeOverrides.AnyAsync(o => o.CreditCode == code, ct))
                throw ProblemException.Duplicate($"An override for {code} already exists.");
            db.CreditCodeOverrides.Add(new CreditCodeOverride { CreditCode = code, Reason = command.Reason.Trim(), CreatedBy = user.RequireId(), CreatedAt = time.GetUtcNow() });
            audit.Record("credit-code.override-recorded", "CreditCode", code, new { command.Reason });
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("", async (Command command, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(command, ct);
                return TypedResults.NoContent();
            })
            .WithName("RecordCreditCodeOverride")
            .WithSummary("Accepts a real registered credit code that fails its checksum, with the reason (admin only, audited).")
            .WithProblems(401, 403, 409);
}
