using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class UpdateExpert
{
    /// <summary>An expert's profile.</summary>
    /// <param name="AffiliationCreditCode">Credit code of the expert's employer.</param>
    /// <param name="ProvinceCode">Where the expert is based.</param>
    /// <param name="Sectors">Sectors of expertise.</param>
    /// <param name="MaxAssignmentsPerCall">The most applications the expert reviews in one call.</param>
    /// <param name="Active">Inactive experts are never assigned.</param>
    public sealed record Body(string AffiliationCreditCode, string ProvinceCode, IReadOnlyList<string> Sectors, int MaxAssignmentsPerCall, bool Active);

    public sealed record Command(Guid Id, Body Body) : ICommand<ExpertView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.AffiliationCreditCode).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(64).Must(c => CreditCode.IsValid(CreditCode.Normalise(c)))
                .WithMessage("Must be a valid Unified Social Credit Code.").OverridePropertyName("affiliationCreditCode");
            RuleFor(c => c.Body.ProvinceCode).NotEmpty().Matches("^[0-9]{2}$").OverridePropertyName("provinceCode");
            RuleFor(c => c.Body.Sectors).Cascade(CascadeMode.Stop).NotEmpty().Must(s => s.Distinct().Count() == s.Count).WithMessage("Sectors must not repeat.")
                .OverridePropertyName("sectors");
            RuleFor(c => c.Body.Sectors.Count).LessThanOrEqualTo(15).OverridePropertyName("sectors").When(c => c.Body.Sectors is not null);
            RuleForEach(c => c.Body.Sectors).MaximumLength(64).OverridePropertyName("sectors");
            RuleFor(c => c.Body.MaxAssignmentsPerCall).InclusiveBetween(0, 500).OverridePropertyName("maxAssignmentsPerCall");
        }
    }

    public sealed class Handler(AppDbContext db, AuditTrail audit, ConflictedAssignments conflicted) : ICommandHandler<Command, ExpertView>
    {
        public async ValueTask<ExpertView> Handle(Command command, CancellationToken ct)
        {
            var expert = await db.Users.Include(u => u.ExpertSectors).FirstOrDefaultAsync(u => u.Id == command.Id && u.Role == Roles.Expert, ct)
                ?? throw ProblemException.NotFound("The expert");
            var body = command.Body;
            if (!await db.Provinces.AnyAsync(p => p.Code == body.ProvinceCode, ct))
                throw ProblemException.Invalid("provinceCode", $"'{body.ProvinceCode}' is not a known province code.");
            var known = await db.Sectors.Where(s => body.Sectors.Contains(s.Code)).Select(s => s.Code).ToListAsync(ct);
            if (body.Sectors.Except(known).ToList() is { Count: > 0 } unknown)
                throw ProblemException.Invalid("sectors", $"Unknown sector codes: {string.Join(", ", unknown)}.");
            expert.AffiliationCreditCode = CreditCode.Normalise(body.AffiliationCreditCode);
            expert.ExpertProvinceCode = body.ProvinceCode;
            expert.MaxAssignmentsPerCall = body.MaxAssignmentsPerCall;
            expert.ExpertActive = body.Active;
            db.ExpertSectors.RemoveRange(expert.ExpertSectors.Where(s => !body.Sectors.Contains(s.SectorCode)));
            foreach (var sector in body.Sectors.Where(s => expert.ExpertSectors.All(x => x.SectorCode != s)))
                db.ExpertSectors.Add(new ExpertSector { UserId = expert.Id, SectorCode = sector });
            audit.Record("expert.updated", "User", expert.Id, body);
            await db.SaveChangesAsync(ct);
            // A new affiliation or province can put the expert in conflict with applications they already review.
            await conflicted.EndOnProfileChangeAsync(expert.Id, ct);
            await db.SaveChangesAsync(ct);
            return await ExpertEndpoints.ViewAsync(db, expert.Id, ct);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body), ct)))
            .WithName("UpdateExpert")
            .WithSummary("Changes an expert's affiliation, province, sectors, capacity or active flag (admin only).")
            .WithProblems(401, 403, 404);
}
