using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Features.Workflows;

public static class WorkflowEndpoints
{
    public static void MapWorkflowEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/workflows").WithTags("Workflows").RequireAuthorization(Policies.Admin);
        ListWorkflows.Map(group);
        GetWorkflowVersion.Map(group);
        UploadWorkflowDraft.Map(group);
        PublishWorkflowVersion.Map(group);
        GetWorkflowDiagram.Map(group);
        MigrateWorkflowInstances.Map(group);
    }

    /// <summary>A 422 listing every error of a definition, each with its JSON path.</summary>
    public static ProblemException Invalid(IEnumerable<WorkflowError> errors) =>
        ProblemException.WorkflowInvalid(errors.Select(e => (e.Path, e.Message)));
}
