using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Reviews;

public static class GetMyAssignment
{
    public sealed record Query(Guid AssignmentId) : IQuery<MyAssignmentView>;

    public sealed class Handler(AppDbContext db, ICurrentUser user, ReviewFacts facts) : IQueryHandler<Query, MyAssignmentView>
    {
        public async ValueTask<MyAssignmentView> Handle(Query query, CancellationToken ct)
        {
            var (assignment, application) = await OwnAssignment.CurrentAsync(db, user, query.AssignmentId, ct);
            return await OwnAssignment.ViewAsync(facts, assignment, application, ct);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/assignments/{id:guid}", async (Guid id, HttpResponse response, ISender sender, CancellationToken ct) =>
            {
                var view = await sender.Send(new Query(id), ct);
                response.Headers.ETag = $"\"{view.Version}\"";
                return TypedResults.Ok(view);
            })
            .WithName("GetMyAssignment")
            .WithSummary("The expert's own assignment: title, organisation (not in a blind review), whether the no-conflict confirmation is given, "
                + "the criteria with weight, maximum and scoring guide, and the draft or submitted review with its weighted total. The ETag is the "
                + "version to send as If-Match.")
            .WithProblems(401, 403, 404);
}
