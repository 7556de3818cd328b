using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Notices;

public static class GetNotice
{
    public sealed record Query(Guid Id) : IQuery<NoticeView>;

    public sealed class Handler(AppDbContext db, TimeProvider time) : IQueryHandler<Query, NoticeView>
    {
        public async ValueTask<NoticeView> Handle(Query query, CancellationToken ct) =>
            (await NoticeEndpoints.LoadAsync(db, time, query.Id, ct)).SingleOrDefault() ?? throw ProblemException.NotFound("The notice");
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(id), ct)))
            .WithName("GetNotice")
            .WithSummary("One public notice: entries with organisation, title, sector and province, and its start and end.")
            .WithProblems(404);
}
