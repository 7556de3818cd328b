using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Auth;

public static class Logout
{
    /// <summary>The refresh token of the session to end; every token of that sign-in is revoked.</summary>
    public sealed record Command(string RefreshToken) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.RefreshToken).NotEmpty().MaximumLength(200);
    }

    public sealed class Handler(AppDbContext db, AuditTrail audit, TimeProvider time) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var hash = SecretTokens.Hash(command.RefreshToken);
            var token = await db.RefreshTokens.AsNoTracking().FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
            // Unknown tokens end the same way, so the endpoint cannot be used to probe for valid tokens.
            if (token is null)
                return Unit.Value;
            var now = time.GetUtcNow();
            var revoked = await db.RefreshTokens
                .Where(t => t.FamilyId == token.FamilyId && t.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now).SetProperty(t => t.RevokedReason, "logout"), ct);
            if (revoked > 0)
                audit.Record("auth.logout", "User", token.UserId, new { family = token.FamilyId, revoked }, actorId: token.UserId);
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/logout", async (Command command, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(command, ct);
                return TypedResults.NoContent();
            })
            .AllowAnonymous()
            .WithName("Logout")
            .WithSummary("Revokes the refresh token and every token rotated from the same sign-in.")
            .WithProblems(413, 415);
}
