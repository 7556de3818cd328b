using YangFan.Benchmarks.Api.Pages.Shared;
using YangFan.Benchmarks.Api.Features.Notices;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Pages.Notices;

public partial class ObjectionForm
{
    /// <summary>The objection form's post carries the evidence file, so its endpoint takes the API's objection body limit.</summary>
    public static Action<EndpointBuilder> AcceptsEvidence(StorageOptions storage) =>
        PageBodyLimit.For<ObjectionForm>(SubmitObjection.MaxBodyBytes(storage));
}
