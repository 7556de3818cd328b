using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Development;

public static class GetClock
{
    public sealed record Query : IQuery<ClockView>;

    public sealed class Handler(TimeProvider time) : IQueryHandler<Query, ClockView>
    {
        public ValueTask<ClockView> Handle(Query query, CancellationToken ct) =>
            ValueTask.FromResult(ClockView.Of(DevelopmentEndpoints.ClockOf(time)));
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/clock", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(), ct)))
            .WithName("GetClock")
            .WithSummary("The API's clock and its offset from the system clock (admin only; Development:ClockControl).")
            .WithProblems(401, 403);
}
