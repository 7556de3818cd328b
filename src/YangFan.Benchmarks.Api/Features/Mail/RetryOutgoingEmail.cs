using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Mail;

namespace YangFan.Benchmarks.Api.Features.Mail;

public static class RetryOutgoingEmail
{
    /// <summary>
    /// Puts an e-mail the sender gave up on back in the outbox, with its attempts counted anew (say, once the mail
    /// server's settings are fixed). A pending or sent e-mail is refused: it is still being tried, or it arrived.
    /// </summary>
    public sealed record Command(Guid Id) : ICommand<OutgoingEmailView>;

    public sealed class Handler(AppDbContext db, AuditTrail audit) : ICommandHandler<Command, OutgoingEmailView>
    {
        public async ValueTask<OutgoingEmailView> Handle(Command command, CancellationToken ct)
        {
            var email = await db.OutgoingEmails.FirstOrDefaultAsync(e => e.Id == command.Id, ct)
                ?? throw ProblemException.NotFound("The e-mail");
            if (email.Status != OutgoingEmailStatus.Failed)
                throw ProblemException.EmailNotFailed(email.Status);
            audit.Record("mail.retried", "OutgoingEmail", email.Id, new { email.Event, email.Attempts, email.LastError });
            email.Status = OutgoingEmailStatus.Pending;
            email.Attempts = 0;
            email.NextAttemptAt = null;
            await db.SaveChangesAsync(ct);
            return OutgoingEmailView.From(email);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/retry", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id), ct)))
            .WithName("RetryOutgoingEmail")
            .WithSummary("Puts a failed e-mail back in the outbox to be sent again (admin only); a pending or sent one is refused.")
            .WithProblems(401, 403, 404, 409);
}
