using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Users;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// An administrator sets or clears an organisation's sub-provincial city (计划单列市), with a reason, audited: to correct
/// the one derived from the credit code, as the province is corrected. The city must lie in the organisation's
/// province (set that first). Applications already submitted keep the city they were submitted under.
/// </summary>
public static class OverrideOrganisationCity
{
    public const string Endpoint = "PUT /api/organisations/{id}/city";

    /// <summary>The city's GB/T 2260 four-digit code (<c>GET /api/cities</c>), or null for none; and why.</summary>
    public sealed record Body(string? CityCode, string Reason);

    public sealed record Command(Guid OrganisationId, string? CityCode, string Reason) : ICommand<OrganisationView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.CityCode).Matches("^[0-9]{4}$").OverridePropertyName("cityCode");
            RuleFor(c => c.Reason).NotEmpty().MinimumLength(4).MaximumLength(500).OverridePropertyName("reason");
        }
    }

    public sealed class Handler(AppDbContext db, AuditTrail audit) : ICommandHandler<Command, OrganisationView>
    {
        public async ValueTask<OrganisationView> Handle(Command command, CancellationToken ct)
        {
            var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == command.OrganisationId, ct)
                ?? throw ProblemException.NotFound("The organisation");
            if (command.CityCode is { } code)
            {
                var city = await db.Cities.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code, ct)
                    ?? throw ProblemException.Invalid("cityCode", $"'{code}' is not a sub-provincial city's code (GET /api/cities).");
                if (city.ProvinceCode != organisation.ProvinceCode)
                    throw ProblemException.Invalid("cityCode",
                        $"{city.NameEn} lies in province {city.ProvinceCode}, the organisation in {organisation.ProvinceCode ?? "none"}; "
                        + $"set the province first ({OverrideOrganisationProvince.Endpoint}).");
            }
            var from = organisation.CityCode;
            organisation.CityCode = command.CityCode;
            audit.Record("organisation.city-overridden", "Organisation", organisation.Id,
                new { from, to = command.CityCode, derived = await Reference.Cities.OfCreditCodeAsync(db, organisation.CreditCode, ct), reason = command.Reason.Trim() });
            await db.SaveChangesAsync(ct);
            return OrganisationEndpoints.View(organisation);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/{id:guid}/city", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.CityCode, body.Reason), ct)))
            .WithName("OverrideOrganisationCity")
            .WithSummary("Sets or clears an organisation's sub-provincial city, with the reason (admin only, audited).")
            .WithProblems(401, 403, 404);
}
