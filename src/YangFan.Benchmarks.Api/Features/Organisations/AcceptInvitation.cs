using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Auth;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

/// <summary>
/// The invited colleague joins the organisation as a member: by signing up with the invited address (a new account),
/// or, signed in to an applicant account of that address without an organisation, by accepting. The token works
/// once and not after it expires or is withdrawn.
/// </summary>
public static class AcceptInvitation
{
    /// <summary>The new account of the invited address.</summary>
    /// <param name="DisplayName">The person's name as shown to colleagues and administrators.</param>
    /// <param name="Password">At least 10 characters with upper-case, lower-case and a digit.</param>
    public sealed record SignUp(string DisplayName, string Password);

    /// <summary>Accepts the invitation of <c>Token</c> with a new account (<c>Account</c>) or, when it is null, the caller's own.</summary>
    public sealed record Command(string Token, SignUp? Account) : ICommand<Response>;

    /// <summary>The member who joined. A new account signs in as usual (<c>POST /api/auth/token</c>).</summary>
    public sealed record Response(Guid OrganisationId, Guid UserId, string Email, string Role);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Token).NotEmpty().MaximumLength(100);
            When(c => c.Account is not null, () =>
            {
                RuleFor(c => c.Account!.DisplayName).NotEmpty().MaximumLength(100).OverridePropertyName("displayName");
                RuleFor(c => c.Account!.Password).NotEmpty().MaximumLength(128).OverridePropertyName("password");
            });
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, UserManager<AppUser> users, AuditTrail audit, TimeProvider time)
        : ICommandHandler<Command, Response>
    {
        public async ValueTask<Response> Handle(Command command, CancellationToken ct)
        {
            var now = time.GetUtcNow();
            var invitation = await InvitationTokens.LoadPendingAsync(db, command.Token, now, ct);
            AppUser member;
            if (command.Account is { } account)
            {
                if (await users.FindByEmailAsync(invitation.Email) is not null)
                    throw ProblemException.Conflict("An account with the invited address exists already: sign in and accept the invitation.");
                member = new AppUser
                {
                    Id = Guid.NewGuid(), UserName = invitation.Email, Email = invitation.Email, DisplayName = account.DisplayName.Trim(),
                    Role = Roles.Applicant, CreatedAt = now,
                };
                IdentityErrors.ThrowIfFailed(await users.CreateAsync(member, account.Password));
                audit.Record("user.registered", "User", member.Id, new { member.Email, member.Role, invitationId = invitation.Id },
                    actorId: member.Id, actorRole: Roles.Applicant);
            }
            else
            {
                var me = user.Id ?? throw ProblemException.Unauthorized(ProblemTypes.Unauthenticated, "Unauthenticated",
                    "Sign in to the invited address's account, or sign up with it.");
                member = await db.Users.FirstAsync(u => u.Id == me, ct);
                if (member.NormalizedEmail != invitation.NormalizedEmail)
                    throw ProblemException.InvitationForAnotherAddress();
                if (member.Role != Roles.Applicant)
                    throw ProblemException.Forbidden("Only applicant accounts join organisations.");
                if (member.OrganisationId is not null)
                    throw ProblemException.AlreadyInOrganisation();
            }

            // Taken with the row's own condition, so of two concurrent acceptances exactly one wins.
            var taken = await db.OrganisationInvitations.Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now).SetProperty(i => i.AcceptedBy, member.Id), ct);
            if (taken == 0)
                throw ProblemException.InvitationUsed();
            Memberships.Join(db, member, invitation.OrganisationId, MembershipRole.Member, now, invitation.Id);
            audit.Record("organisation.member-joined", "Organisation", invitation.OrganisationId,
                new { invitationId = invitation.Id, userId = member.Id, member.Email }, actorId: member.Id, actorRole: Roles.Applicant);
            return new Response(invitation.OrganisationId, member.Id, member.Email!, member.Role);
        }
    }

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/{token:maxlength(100)}/accept", async (string token, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(token, null), ct)))
            .RequireAuthorization()
            .WithName("AcceptInvitation")
            .WithSummary("Joins the organisation with the signed-in account, whose address must be the invited one and which must have no organisation.")
            .WithProblems(401, 403, 404, 409);
        group.MapPost("/{token:maxlength(100)}/sign-up", async (string token, SignUp body, ISender sender, CancellationToken ct) =>
                TypedResults.Created("/api/me", await sender.Send(new Command(token, body), ct)))
            .AllowAnonymous()
            .RequireRateLimiting(Policies.AuthRateLimit)
            .WithName("SignUpWithInvitation")
            .WithSummary("Creates an account for the invited address and joins the organisation as a member.")
            .WithProblems(404, 409, 429);
    }
}
