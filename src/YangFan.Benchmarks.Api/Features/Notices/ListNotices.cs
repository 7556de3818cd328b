using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Features.Notices;

public static class ListNotices
{
    public sealed record Query : IQuery<IReadOnlyList<NoticeView>>;

    public sealed class Handler(AppDbContext db, TimeProvider time) : IQueryHandler<Query, IReadOnlyList<NoticeView>>
    {
        public async ValueTask<IReadOnlyList<NoticeView>> Handle(Query query, CancellationToken ct) => await NoticeEndpoints.LoadAsync(db, time, null, ct);
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("ListNotices")
            .WithSummary("Public notices (公示), newest first, with their entries.");
}
