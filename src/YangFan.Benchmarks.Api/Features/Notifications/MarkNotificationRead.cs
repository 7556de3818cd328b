using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Notifications;

public static class MarkNotificationRead
{
    public sealed record Command(Guid NotificationId) : ICommand;

    public sealed class Handler(AppDbContext db, ICurrentUser user, TimeProvider time) : ICommandHandler<Command>
    {
        private const string ReadSavepoint = "notification_read";

        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var me = user.RequireId();
            var visible = await NotificationAccess.VisibleAsync(db, user, ct);
            if (!await visible.AnyAsync(n => n.Id == command.NotificationId, ct))
                throw ProblemException.NotFound("The notification");
            // Reading twice is not an error: the first reading stands, also when two requests race. A failed save inside
            // the pipeline's transaction rolls back to this savepoint, so the transaction goes on.
            if (await db.NotificationReads.AnyAsync(r => r.NotificationId == command.NotificationId && r.UserId == me, ct))
                return Unit.Value;
            var read = db.NotificationReads.Add(new NotificationRead { NotificationId = command.NotificationId, UserId = me, ReadAt = time.GetUtcNow() });
            var transaction = db.Database.CurrentTransaction!;
            await transaction.CreateSavepointAsync(ReadSavepoint, ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                await transaction.RollbackToSavepointAsync(ReadSavepoint, ct);
                read.State = EntityState.Detached;
                if (!await db.NotificationReads.AsNoTracking().AnyAsync(r => r.NotificationId == command.NotificationId && r.UserId == me, ct))
                    throw;
            }
            return Unit.Value;
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/me/notifications/{id:guid}/read", async (Guid id, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(id), ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization()
            .WithTags("Notifications")
            .WithName("MarkNotificationRead")
            .WithSummary("Marks one of the caller's notifications read, for the caller only; 204 also when it already was.")
            .WithProblems(401, 404);
}
