using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Auth;

public static class Register
{
    /// <summary>An applicant's registration: the person who signs in and the organisation they apply for.</summary>
    /// <param name="Email">Sign-in e-mail address.</param>
    /// <param name="Password">At least 10 characters with upper-case, lower-case and a digit.</param>
    /// <param name="DisplayName">The person's name as shown to administrators.</param>
    /// <param name="Organisation">
    /// The organisation, identified by its Unified Social Credit Code; the person becomes its owner, and it is unverified
    /// until an administrator checks its documents. Leave it out for an account of one's own, to accept an invitation
    /// or to claim an organisation someone else registered (<c>POST /api/organisation-claims</c>).
    /// </param>
    public sealed record Command(string Email, string Password, string DisplayName, OrganisationInput? Organisation)
        : ICommand<Response>;

    /// <summary>The applicant organisation.</summary>
    /// <param name="Name">Registered name (e.g. 深圳市某某科技有限公司).</param>
    /// <param name="CreditCode">18-character Unified Social Credit Code (GB 32100-2015); trimmed and upper-cased.</param>
    /// <param name="ProvinceCode">
    /// Optional. The province comes from the credit code (characters 3 and 4, GB/T 2260); if given it must be that
    /// province. A code registered nationally (<c>10</c> there) names none: leave it out, and an administrator sets it.
    /// A code registered in a sub-provincial city (计划单列市, e.g. 4403 Shenzhen in characters 3 to 6) also gives the city,
    /// whose recommenders then cover the organisation instead of the province's.
    /// </param>
    /// <param name="Address">Registered address.</param>
    /// <param name="ContactPerson">Contact person for the application.</param>
    /// <param name="ContactPhone">Mobile (11 digits) or landline with area code.</param>
    /// <param name="Kind">Enterprise (default), PublicInstitution, University, ResearchInstitute or IndustryAssociation.</param>
    public sealed record OrganisationInput(string Name, string CreditCode, string? ProvinceCode, string Address,
        string ContactPerson, string ContactPhone, OrganisationKind? Kind);

    /// <summary>The new applicant account and organisation (both null without an organisation).</summary>
    public sealed record Response(Guid UserId, Guid? OrganisationId, string Email, string Role, string? CreditCode);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(AppDbContext db)
        {
            RuleFor(c => c.Email).NotEmpty().MaximumLength(256).EmailAddress();
            RuleFor(c => c.Password).NotEmpty().MaximumLength(128);
            RuleFor(c => c.DisplayName).NotEmpty().MaximumLength(100);
            RuleFor(c => c.Organisation).SetValidator(new OrganisationValidator(db)!).When(c => c.Organisation is not null);
        }
    }

    public sealed class OrganisationValidator : AbstractValidator<OrganisationInput>
    {
        public OrganisationValidator(AppDbContext db)
        {
            RuleFor(o => o.Name).NotEmpty().MaximumLength(200);
            RuleFor(o => o.CreditCode).NotEmpty().MaximumLength(CreditCode.MaxInputLength).CustomAsync(async (code, context, ct) =>
            {
                if (string.IsNullOrWhiteSpace(code)) return;
                var normalised = CreditCode.Normalise(code);
                var reason = CreditCode.Check(normalised);
                // A real code that fails its checksum is accepted once an administrator has recorded an override.
                if (reason is not null && !await db.CreditCodeOverrides.AnyAsync(o => o.CreditCode == normalised, ct))
                    context.AddFailure($"'{code}' is not a valid Unified Social Credit Code: {reason}.");
            });
            RuleFor(o => o.ProvinceCode).Matches("^[0-9]{2}$").WithMessage("Must be a two-digit GB/T 2260 province code.")
                .When(o => o.ProvinceCode is not null);
            RuleFor(o => o.Address).NotEmpty().MaximumLength(300);
            RuleFor(o => o.ContactPerson).NotEmpty().MaximumLength(100);
            RuleFor(o => o.ContactPhone).NotEmpty().MaximumLength(32).Matches(PhoneNumbers.Pattern).WithMessage(PhoneNumbers.Message);
            RuleFor(o => o.Kind).IsInEnum();
        }
    }

    public sealed class Handler(AppDbContext db, UserManager<AppUser> users, AuditTrail audit, TimeProvider time, Api.Mail.Outbox outbox)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var input = command.Organisation;
            var creditCode = input is null ? null : CreditCode.Normalise(input.CreditCode);
            var province = input is null ? null : await ProvinceOfAsync(creditCode!, input.ProvinceCode, ct);
            // Registered already: not a dead end. The person may register without it and claim it with their evidence.
            if (creditCode is not null && await db.Organisations.Where(o => o.CreditCode == creditCode).Select(o => (Guid?)o.Id)
                    .FirstOrDefaultAsync(ct) is { } registered)
                throw ProblemException.CreditCodeRegistered(creditCode, registered);
            if (await users.FindByEmailAsync(command.Email) is not null)
                return await AnswerAsIfRegisteredAsync(command, creditCode);

            var now = time.GetUtcNow();
            var user = new AppUser
            {
                Id = Guid.NewGuid(),
                UserName = command.Email,
                Email = command.Email,
                DisplayName = command.DisplayName.Trim(),
                Role = Roles.Applicant,
                CreatedAt = now,
                // The language of the sign-up page; Chinese over the JSON API (and for accounts administrators create).
                PreferredLanguage = outbox.RequestLanguage(),
            };
            if (input is null)
            {
                IdentityErrors.ThrowIfFailed(await users.CreateAsync(user, command.Password));
                audit.Record("user.registered", "User", user.Id, new { user.Email, user.Role }, actorId: user.Id, actorRole: Roles.Applicant);
                return new Response(user.Id, null, command.Email, user.Role, null);
            }

            var organisation = new Organisation
            {
                Id = Guid.NewGuid(),
                Name = input.Name.Trim(),
                CreditCode = creditCode!,
                Kind = input.Kind ?? OrganisationKind.Enterprise,
                ProvinceCode = province,
                CityCode = await Features.Reference.Cities.OfCreditCodeAsync(db, creditCode!, ct),
                Address = input.Address.Trim(),
                ContactPerson = input.ContactPerson.Trim(),
                ContactPhone = input.ContactPhone.Trim(),
                CreatedAt = now,
                Verification = VerificationStatus.DocumentsMissing,
            };
            db.Organisations.Add(organisation);
            // The person who registers the organisation owns it; the membership is saved with the account.
            Features.Organisations.Memberships.Join(db, user, organisation.Id, MembershipRole.Owner, now);
            IdentityErrors.ThrowIfFailed(await users.CreateAsync(user, command.Password));

            audit.Record("organisation.registered", "Organisation", organisation.Id,
                new { organisation.Name, organisation.CreditCode, organisation.ProvinceCode, organisation.CityCode }, actorId: user.Id, actorRole: Roles.Applicant);
            audit.Record("user.registered", "User", user.Id, new { user.Email, user.Role }, actorId: user.Id, actorRole: Roles.Applicant);
            return new Response(user.Id, organisation.Id, command.Email, user.Role, creditCode!);
        }

        /// <summary>
        /// The province of the registering authority, from the credit code; null for a nationally registered code, whose
        /// province an administrator sets. A given province must agree with the code: the applicant cannot choose it.
        /// </summary>
        private async Task<string?> ProvinceOfAsync(string creditCode, string? given, CancellationToken ct)
        {
            var province = CreditCode.ProvinceCode(creditCode);
            if (province is not null && !await db.Provinces.AnyAsync(p => p.Code == province, ct))
                throw ProblemException.Invalid("organisation.creditCode",
                    $"Characters 3 and 4 of the credit code ('{province}') are not a GB/T 2260 province code.");
            if (given is not null && given != province)
                throw ProblemException.Invalid("organisation.provinceCode", province is null
                    ? "The credit code was registered nationally and names no province; leave provinceCode out, and an administrator will set it."
                    : $"The province comes from the credit code ({province}); leave provinceCode out or send {province}.");
            return province;
        }

        /// <summary>
        /// An e-mail that already has an account gets the answer a new registration gets, after the same password
        /// checks and hashing work, and nothing is stored: the answer must not tell anyone which addresses have
        /// accounts. The owner keeps their account and password; the ids in the answer exist nowhere.
        /// </summary>
        private async Task<Response> AnswerAsIfRegisteredAsync(Command command, string? creditCode)
        {
            var probe = new AppUser { UserName = command.Email, Email = command.Email, DisplayName = command.DisplayName, Role = Roles.Applicant };
            await IdentityErrors.ThrowIfPasswordRefusedAsync(users, probe, command.Password);
            _ = users.PasswordHasher.HashPassword(probe, command.Password);
            return new Response(Guid.NewGuid(), creditCode is null ? null : Guid.NewGuid(), command.Email, Roles.Applicant, creditCode);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/register", async (Command command, ISender sender, CancellationToken ct) =>
            {
                var response = await sender.Send(command, ct);
                return TypedResults.Created($"/api/me", response);
            })
            .AllowAnonymous()
            .RequireRateLimiting(Policies.AuthRateLimit)
            .WithName("Register")
            .WithSummary("Registers an applicant together with their organisation, which they own (or alone, to accept an invitation or file a claim).")
            .WithProblems(409, 413, 415, 429);
}
