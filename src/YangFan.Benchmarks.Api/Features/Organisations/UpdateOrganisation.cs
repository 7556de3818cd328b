using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Auth;
using YangFan.Benchmarks.Api.Features.Users;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

public static class UpdateOrganisation
{
    /// <summary>
    /// The details an organisation's members may change. The credit code never changes; the name changes through a
    /// rename request an administrator approves, and the province and city only by an administrator's override. <c>name</c>,
    /// <c>provinceCode</c> and <c>cityCode</c> may be sent back as read, or left out; a different value is refused with 409.
    /// </summary>
    public sealed record Body(string? Name, OrganisationKind Kind, string? ProvinceCode, string Address, string ContactPerson, string ContactPhone,
        string? CityCode = null);

    public sealed record Command(Guid Id, Body Body, int? ExpectedVersion) : ICommand<(OrganisationView View, int Version)>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.Name).MaximumLength(200).OverridePropertyName("name");
            RuleFor(c => c.Body.Kind).IsInEnum().OverridePropertyName("kind");
            RuleFor(c => c.Body.ProvinceCode).Matches("^[0-9]{2}$").OverridePropertyName("provinceCode");
            RuleFor(c => c.Body.CityCode).Matches("^[0-9]{4}$").OverridePropertyName("cityCode");
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
                throw ProblemException.FieldLocked("name", RequestRename.Endpoint, "The name changes through a rename request that an administrator approves");
            if (b.ProvinceCode is { } province && province != organisation.ProvinceCode)
                throw ProblemException.FieldLocked("provinceCode", OverrideOrganisationProvince.Endpoint,
                    "The province comes from the credit code and only an administrator's override, with a reason, changes it");
            if (b.CityCode is { } city && city != organisation.CityCode)
                throw ProblemException.FieldLocked("cityCode", OverrideOrganisationCity.Endpoint,
                    "The city comes from the credit code and only an administrator's override, with a reason, changes it");
            organisation.Kind = b.Kind;
            organisation.Address = b.Address.Trim();
            organisation.ContactPerson = b.ContactPerson.Trim();
            organisation.ContactPhone = b.ContactPhone.Trim();
            audit.Record("organisation.updated", "Organisation", organisation.Id, new { b.Kind, b.Address, b.ContactPerson, b.ContactPhone });
            await db.SaveChangesAsync(ct);
            return (OrganisationEndpoints.View(organisation), organisation.Version);
        }

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
