using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class ListAttachments
{
    public sealed record Query(Guid ApplicationId) : IQuery<IReadOnlyList<AttachmentView>>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime, FormLibrary forms)
        : IQueryHandler<Query, IReadOnlyList<AttachmentView>>
    {
        public async ValueTask<IReadOnlyList<AttachmentView>> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.ApplicationId, ct);
            var attachments = await VisibleAttachments.ForAsync(db, user, runtime, forms, application, ct);
            return attachments.Select(v => AttachmentView.From(v.Attachment) with { FileName = v.FileName }).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/attachments", async (Guid id, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("ListAttachments")
            .WithSummary("The application's attachments. Experts of a blind review get neutral names and none of the kinds the pinned form hides from them (business licence, recommendation letter).")
            .WithProblems(401, 404);
}
