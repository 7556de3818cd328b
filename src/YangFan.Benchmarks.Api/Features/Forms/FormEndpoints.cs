using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Features.Forms;

public static class FormEndpoints
{
    public static void MapFormEndpoints(this IEndpointRouteBuilder app, StorageOptions storage)
    {
        var admin = app.MapGroup("/api/forms").WithTags("Forms").RequireAuthorization(Policies.Admin);
        ListForms.Map(admin);
        GetFormVersion.Map(admin);
        UploadFormDraft.Map(admin);
        UploadFormTemplate.Map(admin, storage);
        PublishFormVersion.Map(admin);
        // Applicants (and anyone about to become one) download the templates of published forms.
        DownloadFormTemplate.Map(app.MapGroup("/api/forms").WithTags("Forms").AllowAnonymous());
    }
}
