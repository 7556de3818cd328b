namespace YangFan.Benchmarks.Api.Features.Reference;

/// <summary>The plan's reference data, public to everyone: sectors, programmes, provinces, sub-provincial cities, indicators.</summary>
public static class ReferenceDataEndpoints
{
    public static void MapReferenceDataEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").WithTags("Reference data").AllowAnonymous();
        ListSectors.Map(group);
        ListProgrammes.Map(group);
        ListProvinces.Map(group);
        ListCities.Map(group);
        ListIndicators.Map(group);
    }
}
