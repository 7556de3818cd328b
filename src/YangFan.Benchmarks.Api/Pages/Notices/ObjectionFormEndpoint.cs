using Microsoft.AspNetCore.Components.Endpoints;
using YangFan.Benchmarks.Api.Features.Notices;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Pages.Notices;

public partial class ObjectionForm
{
    /// <summary>
    /// The objection form's post carries the evidence file, so its endpoint takes the API's objection body limit
    /// instead of the host's small default; every other page keeps the default.
    /// </summary>
    public static Action<EndpointBuilder> AcceptsEvidence(StorageOptions storage) => endpoint =>
    {
        if (endpoint.Metadata.OfType<ComponentTypeMetadata>().Any(m => m.Type == typeof(ObjectionForm)))
            endpoint.Metadata.Add(new BodySizeLimit(SubmitObjection.MaxBodyBytes(storage)));
    };
}
