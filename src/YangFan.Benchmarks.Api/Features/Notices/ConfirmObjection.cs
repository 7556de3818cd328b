using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Auditing;

namespace YangFan.Benchmarks.Api.Features.Notices;

/// <summary>
/// The objector confirms an objection with the code e-mailed to its address: only then is it open and holds its entry.
/// A wrong code is counted (and the count kept, so the answer is an outcome rather than an exception that would roll it
/// back); after <see cref="NoticeOptions.MaxConfirmationAttempts"/> the code stops working.
/// </summary>
public static class ConfirmObjection
{
    /// <summary>The code from the e-mail.</summary>
    /// <param name="Code">Six digits.</param>
    public sealed record Body(string Code);

    public sealed record Command(Guid NoticeId, Guid ObjectionId, string Code) : ICommand<Result>;

    public enum Outcome { Confirmed, AlreadyConfirmed, WrongCode, Expired, AttemptsExhausted }

    /// <summary>What became of the code; <see cref="AttemptsLeft"/> after a wrong one.</summary>
    public sealed record Result(Outcome Outcome, SubmitObjection.Receipt Receipt, int AttemptsLeft)
    {
        public bool Accepted => Outcome is Outcome.Confirmed or Outcome.AlreadyConfirmed;

        /// <summary>The receipt, or the refusal as a problem (after the handler's transaction kept the wrong attempt).</summary>
        public SubmitObjection.Receipt ReceiptOrThrow() => Outcome switch
        {
            Outcome.WrongCode => throw ProblemException.ObjectionCodeWrong(AttemptsLeft),
            Outcome.Expired => throw ProblemException.ObjectionCodeExpired(),
            Outcome.AttemptsExhausted => throw ProblemException.ObjectionCodeAttemptsExhausted(),
            _ => Receipt,
        };
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Code).NotEmpty().MaximumLength(12).Matches(@"^\s*[0-9]{6}\s*$").WithMessage("Must be the six digits from the e-mail.")
            .OverridePropertyName("code");
    }

    public sealed class Handler(AppDbContext db, AuditTrail audit, ObjectionAdministrators administrators, NoticeOptions options, TimeProvider time)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken ct)
        {
            var objection = await db.Objections.FirstOrDefaultAsync(o => o.Id == command.ObjectionId && o.NoticeId == command.NoticeId, ct)
                ?? throw ProblemException.NotFound("The objection");
            var receipt = SubmitObjection.Receipt.Of(objection);
            if (objection.Status != ObjectionStatus.Unconfirmed)
                return new Result(Outcome.AlreadyConfirmed, receipt, 0);
            var notice = await db.Notices.AsNoTracking().FirstAsync(n => n.Id == objection.NoticeId, ct);
            var now = time.GetUtcNow();
            if (now >= notice.EndsAt)
                throw ProblemException.Conflict($"The notice closed at {notice.EndsAt:u}; objections are no longer confirmed.");
            if (objection.ConfirmationAttempts >= options.MaxConfirmationAttempts)
                return new Result(Outcome.AttemptsExhausted, receipt, 0);
            if (objection.ConfirmationExpiresAt is not { } expires || now >= expires)
                return new Result(Outcome.Expired, receipt, 0);
            if (!Matches(objection, command.Code))
            {
                // Counted in the database, not from what was read: two wrong codes at once are two attempts.
                await db.Objections.Where(o => o.Id == objection.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.ConfirmationAttempts, o => o.ConfirmationAttempts + 1), ct);
                return new Result(Outcome.WrongCode, receipt, Math.Max(0, options.MaxConfirmationAttempts - objection.ConfirmationAttempts - 1));
            }
            objection.Status = ObjectionStatus.Open;
            objection.ConfirmedAt = now;
            objection.ConfirmationCodeHash = null;
            audit.Record("objection.confirmed", "Application", objection.ApplicationId, new { objection.Id, notice = objection.NoticeId },
                channel: AuditChannels.Api);
            await db.SaveChangesAsync(ct);
            await administrators.TellAsync(objection, ct);
            return new Result(Outcome.Confirmed, SubmitObjection.Receipt.Of(objection), 0);
        }

        private static bool Matches(Objection objection, string code) =>
            objection.ConfirmationCodeHash is { } stored
            && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored), Encoding.ASCII.GetBytes(ObjectionCodes.Hash(objection.Id, code)));
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/objections/{objectionId:guid}/confirmation",
                async (Guid id, Guid objectionId, Body body, ISender sender, CancellationToken ct) =>
                    TypedResults.Ok((await sender.Send(new Command(id, objectionId, body.Code ?? ""), ct)).ReceiptOrThrow()))
            .AllowAnonymous()
            .RequireRateLimiting(Policies.AuthRateLimit)
            .WithName("ConfirmObjection")
            .WithSummary("Confirms an objection with the six-digit code e-mailed to its address; only a confirmed objection holds its entry. "
                + "Sending the right code again answers as before. A wrong code is counted; after five the code no longer works "
                + "(objection-code-attempts-exhausted); an expired code is objection-code-expired.")
            .WithProblems(400, 404, 409, 429);
}
