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
    public static ProblemException Invalid(IEnumerable<WorkflowError> errors)
    {
        var list = errors.ToList();
        return new ProblemException(StatusCodes.Status422UnprocessableEntity, ProblemTypes.WorkflowInvalid,
            "The workflow definition is invalid", $"{list.Count} problem(s): " + string.Join(" ", list.Select(e => $"{e.Path}: {e.Message}")),
            new Dictionary<string, object?> { ["errors"] = list.Select(e => new { path = e.Path, message = e.Message }).ToList() });
    }
}
