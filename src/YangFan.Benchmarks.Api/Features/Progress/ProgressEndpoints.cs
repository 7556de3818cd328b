namespace YangFan.Benchmarks.Api.Features.Progress;

public static class ProgressEndpoints
{
    public static void MapProgressEndpoints(this IEndpointRouteBuilder app)
    {
        GetProgress.Map(app);
        RecordObservation.Map(app);
        VerifyProgressCounts.Map(app);
    }
}
