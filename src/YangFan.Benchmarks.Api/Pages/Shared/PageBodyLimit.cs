using Microsoft.AspNetCore.Components.Endpoints;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Pages.Shared;

/// <summary>
/// A page whose form posts a file takes a body limit of its own instead of the host's small default; every other page
/// keeps the default.
/// </summary>
public static class PageBodyLimit
{
    public static Action<EndpointBuilder> For<TPage>(long bytes) => endpoint =>
    {
        if (endpoint.Metadata.OfType<ComponentTypeMetadata>().Any(m => m.Type == typeof(TPage)))
            endpoint.Metadata.Add(new BodySizeLimit(bytes));
    };
}
