using Microsoft.AspNetCore.Components.Endpoints;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Pages.Applications;

public partial class ApplicationPage
{
    /// <summary>The application page's posts may carry an attachment: its endpoint takes the API's upload limit.</summary>
    public static Action<EndpointBuilder> AcceptsAttachments(StorageOptions storage) => endpoint =>
    {
        if (endpoint.Metadata.OfType<ComponentTypeMetadata>().Any(m => m.Type == typeof(ApplicationPage)))
            endpoint.Metadata.Add(new BodySizeLimit(storage.MaxAttachmentBytes + 64 * 1024));
    };
}
