using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class DeleteAttachment
{
    public sealed record Command(Guid ApplicationId, Guid AttachmentId) : ICommand;

    public sealed class Handler(AppDbContext db, ICurrentUser user, AuditTrail audit, WorkflowLibrary workflows) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, command.ApplicationId, ct);
            var attachment = await db.Attachments.FirstOrDefaultAsync(a => a.Id == command.AttachmentId && a.ApplicationId == application.Id, ct)
                ?? throw ProblemException.NotFound("The attachment");
            if (user.Role != Roles.Applicant)
                throw ProblemException.Forbidden("Only the applicant organisation removes attachments.");
            if (!await workflows.HasTagAsync(application, StateTags.Editable, ct))
                throw ProblemException.Conflict("Attachments can only be removed while the application is a draft.");
            db.Attachments.Remove(attachment);
            audit.Record("attachment.deleted", "Application", application.Id, new { attachment.Id, attachment.FileName });
            return Unit.Value;
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapDelete("/{id:guid}/attachments/{attachmentId:guid}", async (Guid id, Guid attachmentId, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(id, attachmentId), ct);
                return TypedResults.NoContent();
            })
            .WithName("DeleteAttachment")
            .WithSummary("Removes an attachment from a draft application.")
            .WithProblems(401, 403, 404, 409);
}
