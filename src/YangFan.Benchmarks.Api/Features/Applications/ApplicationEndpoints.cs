using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class ApplicationEndpoints
{
    public static void MapApplicationEndpoints(this IEndpointRouteBuilder app, StorageOptions storage)
    {
        SaveApplication.MapCreate(app);
        var group = app.MapGroup("/api/applications").WithTags("Applications").RequireAuthorization();
        ListApplications.Map(group);
        GetApplication.Map(group);
        GetApplicationForm.Map(group);
        SaveApplication.MapUpdate(group);
        GetApplicationActions.Map(group);
        FireTransition.Map(group);
        GetApplicationHistory.Map(group);
        UploadAttachment.Map(group, storage);
        ListAttachments.Map(group);
        DownloadAttachment.Map(group);
        DeleteAttachment.Map(group);
        var admin = app.MapGroup("/api/applications").WithTags("Applications").RequireAuthorization(Policies.Admin);
        SearchApplications.Map(admin);
    }
}
