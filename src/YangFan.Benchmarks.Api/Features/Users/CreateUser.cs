using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Auth;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Features.Users;

public static class CreateUser
{
    /// <summary>An Expert, Recommender or Admin account created by an administrator.</summary>
    /// <param name="Email">Sign-in e-mail address.</param>
    /// <param name="Password">Initial password (at least 10 characters with upper-case, lower-case and a digit).</param>
    /// <param name="DisplayName">The person's name.</param>
    /// <param name="Role">Expert, Recommender or Admin. Applicants register themselves.</param>
    /// <param name="Recommender">Required for a Recommender: exactly one of a province code, a sub-provincial city's code
    /// (<c>GET /api/cities</c>) or a named national body.</param>
    /// <param name="Expert">Required for an Expert: affiliation, province and sectors of expertise.</param>
    public sealed record Command(string Email, string Password, string DisplayName, string Role,
        RecommenderProfile? Recommender, ExpertInput? Expert) : ICommand<UserView>;

    /// <summary>An expert's profile.</summary>
    /// <param name="AffiliationCreditCode">Credit code of the organisation the expert works for.</param>
    /// <param name="ProvinceCode">Province the expert is based in.</param>
    /// <param name="Sectors">Sector codes of expertise, see <c>GET /api/sectors</c>.</param>
    /// <param name="MaxAssignmentsPerCall">The most applications the expert reviews in one call; 10 when left out.</param>
    public sealed record ExpertInput(string AffiliationCreditCode, string ProvinceCode, IReadOnlyList<string> Sectors, int? MaxAssignmentsPerCall = null);

    private static readonly string[] CreatableRoles = [Roles.Expert, Roles.Recommender, Roles.Admin];

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(256).EmailAddress();
            RuleFor(c => c.Password).NotEmpty().MaximumLength(128);
            RuleFor(c => c.DisplayName).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Role).NotEmpty().MaximumLength(32).Must(r => CreatableRoles.Contains(r))
                .WithMessage($"Must be one of: {string.Join(", ", CreatableRoles)}.");

            RuleFor(c => c.Recommender).NotNull().When(c => c.Role == Roles.Recommender)
                .WithMessage("A recommender needs a jurisdiction.");
            RuleFor(c => c.Recommender).Null().When(c => c.Role != Roles.Recommender)
                .WithMessage("Only recommenders have a jurisdiction.");
            RuleFor(c => c.Recommender!)
                .Must(j => new[] { j.ProvinceCode, j.CityCode, j.NationalBody }.Count(v => !string.IsNullOrWhiteSpace(v)) == 1)
                .WithMessage("Give exactly one of a province code, a city code or a national body.")
                .When(c => c.Recommender is not null);
            RuleFor(c => c.Recommender!).ChildRules(r =>
            {
                r.RuleFor(j => j.ProvinceCode).Matches("^[0-9]{2}$").When(j => j.ProvinceCode is not null);
                r.RuleFor(j => j.CityCode).Matches("^[0-9]{4}$").When(j => j.CityCode is not null);
                r.RuleFor(j => j.NationalBody).MaximumLength(200);
                r.RuleFor(j => j.CreditCode).MaximumLength(64).Must(code => code is null || CreditCode.IsValid(CreditCode.Normalise(code)))
                    .WithMessage("Must be a valid Unified Social Credit Code.");
            }).When(c => c.Recommender is not null);

            RuleFor(c => c.Expert).NotNull().When(c => c.Role == Roles.Expert).WithMessage("An expert needs a profile.");
            RuleFor(c => c.Expert).Null().When(c => c.Role != Roles.Expert).WithMessage("Only experts have an expert profile.");
            RuleFor(c => c.Expert!).ChildRules(e =>
            {
                e.RuleFor(x => x.AffiliationCreditCode).NotEmpty().MaximumLength(64)
                    .Must(code => CreditCode.IsValid(CreditCode.Normalise(code)))
                    .WithMessage("Must be a valid Unified Social Credit Code.");
                e.RuleFor(x => x.ProvinceCode).NotEmpty().Matches("^[0-9]{2}$");
                e.RuleFor(x => x.Sectors).NotEmpty().Must(s => s.Distinct().Count() == s.Count)
                    .WithMessage("Sectors must not repeat.");
                e.RuleFor(x => x.Sectors.Count).LessThanOrEqualTo(15).OverridePropertyName("sectors");
                e.RuleForEach(x => x.Sectors).MaximumLength(64);
                e.RuleFor(x => x.MaxAssignmentsPerCall).InclusiveBetween(0, 500);
            }).When(c => c.Expert is not null);
        }
    }

    public sealed class Handler(AppDbContext db, UserManager<AppUser> users, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, UserView>
    {
        public async ValueTask<UserView> Handle(Command command, CancellationToken ct)
        {
            var user = new AppUser
            {
                Id = Guid.NewGuid(),
                UserName = command.Email,
                Email = command.Email,
                DisplayName = command.DisplayName.Trim(),
                Role = command.Role,
                CreatedAt = time.GetUtcNow(),
            };

            if (command.Recommender is { } jurisdiction)
            {
                if (jurisdiction.ProvinceCode is { } province)
                    await RequireProvince(province, "recommender.provinceCode", ct);
                if (jurisdiction.CityCode is { } city && !await db.Cities.AnyAsync(c => c.Code == city, ct))
                    throw ProblemException.Invalid("recommender.cityCode", $"'{city}' is not a sub-provincial city's code (GET /api/cities).");
                user.JurisdictionProvinceCode = jurisdiction.ProvinceCode;
                user.JurisdictionCityCode = jurisdiction.CityCode;
                user.JurisdictionNationalBody = jurisdiction.NationalBody?.Trim();
                user.AffiliationCreditCode = jurisdiction.CreditCode is { } code ? CreditCode.Normalise(code) : null;
            }

            if (command.Expert is { } expert)
            {
                await RequireProvince(expert.ProvinceCode, "expert.provinceCode", ct);
                var known = await db.Sectors.Where(s => expert.Sectors.Contains(s.Code)).Select(s => s.Code).ToListAsync(ct);
                var unknown = expert.Sectors.Except(known).ToList();
                if (unknown.Count > 0)
                    throw ProblemException.Invalid("expert.sectors", $"Unknown sector codes: {string.Join(", ", unknown)}.");
                user.AffiliationCreditCode = CreditCode.Normalise(expert.AffiliationCreditCode);
                user.ExpertProvinceCode = expert.ProvinceCode;
                if (expert.MaxAssignmentsPerCall is { } capacity)
                    user.MaxAssignmentsPerCall = capacity;
                user.ExpertSectors.AddRange(expert.Sectors.Select(code => new ExpertSector { UserId = user.Id, SectorCode = code }));
            }

            if (await users.FindByEmailAsync(command.Email) is not null)
                throw ProblemException.Duplicate($"An account with e-mail {command.Email} already exists.");
            IdentityErrors.ThrowIfFailed(await users.CreateAsync(user, command.Password));

            audit.Record("user.created", "User", user.Id, new
            {
                user.Email,
                user.Role,
                recommender = command.Recommender,
                expert = command.Expert is null ? null : new { user.AffiliationCreditCode, user.ExpertProvinceCode, command.Expert.Sectors, user.MaxAssignmentsPerCall },
            });
            return UserViews.From(user, null);
        }

        private async Task RequireProvince(string code, string field, CancellationToken ct)
        {
            if (!await db.Provinces.AnyAsync(p => p.Code == code, ct))
                throw ProblemException.Invalid(field, $"'{code}' is not a known province code.");
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var user = await sender.Send(command, ct);
                return TypedResults.Created($"/api/users/{user.Id}", user);
            })
            .WithName("CreateUser")
            .WithSummary("Creates an Expert, Recommender or Admin account (admin only).")
            .WithProblems(401, 403, 409, 413, 415);
}
