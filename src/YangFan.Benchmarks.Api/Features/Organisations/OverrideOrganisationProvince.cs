using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Users;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// An administrator sets an organisation's province, with a reason, audited: for a credit code registered nationally,
/// which names none, or to correct one. A sub-provincial city the organisation had in another province is cleared with
/// it. Applications already submitted keep the province and city they were submitted under.
/// </summary>
public static class OverrideOrganisationProvince
{
    public const string Endpoint = "PUT /api/organisations/{id}/province";

    /// <summary>The GB/T 2260 two-digit province code, and why it differs from (or replaces the lack of) the credit code's.</summary>
    public sealed record Body(string ProvinceCode, string Reason);

    public sealed record Command(Guid OrganisationId, string ProvinceCode, string Reason) : ICommand<OrganisationView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ProvinceCode).NotEmpty().Matches("^[0-9]{2}$").OverridePropertyName("provinceCode");
            RuleFor(c => c.Reason).NotEmpty().MinimumLength(4).MaximumLength(500).OverridePropertyName("reason");
        }
    }

    public sealed class Handler(AppDbContext db, AuditTrail audit) : ICommandHandler<Command, OrganisationView>
    {
        public async ValueTask<OrganisationView> Handle(Command command, CancellationToken ct)
        {
            var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == command.OrganisationId, ct)
                ?? throw ProblemException.NotFound("The organisation");
            if (!await db.Provinces.AnyAsync(p => p.Code == command.ProvinceCode, ct))
                throw ProblemException.Invalid("provinceCode", $"'{command.ProvinceCode}' is not a known province code.");
            var from = organisation.ProvinceCode;
            organisation.ProvinceCode = command.ProvinceCode;
            // A city lies in its province: one left behind in another would take the organisation's applications there.
            var cityCleared = organisation.CityCode is { } city && !city.StartsWith(command.ProvinceCode, StringComparison.Ordinal) ? city : null;
            if (cityCleared is not null)
                organisation.CityCode = null;
            audit.Record("organisation.province-overridden", "Organisation", organisation.Id,
                new { from, to = command.ProvinceCode, derived = Domain.Organisations.CreditCode.ProvinceCode(organisation.CreditCode), cityCleared,
                    reason = command.Reason.Trim() });
            await db.SaveChangesAsync(ct);
            return OrganisationEndpoints.View(organisation);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/{id:guid}/province", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body.ProvinceCode, body.Reason), ct)))
            .WithName("OverrideOrganisationProvince")
            .WithSummary("Sets an organisation's province, with the reason (admin only, audited).")
            .WithProblems(401, 403, 404);
}
