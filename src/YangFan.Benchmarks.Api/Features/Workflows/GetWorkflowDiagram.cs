using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Workflows;

public static class GetWorkflowDiagram
{
    public sealed record Query(string Key, int Version, string Format) : IQuery<string>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Format).Must(f => f is "mermaid" or "dot").WithMessage("Must be 'mermaid' or 'dot'.");
    }

    public sealed class Handler(AppDbContext db, WorkflowRuntime runtime) : IQueryHandler<Query, string>
    {
        public async ValueTask<string> Handle(Query query, CancellationToken ct)
        {
            if (!await db.Workflows.AnyAsync(w => w.Key == query.Key && w.Version == query.Version, ct))
                throw ProblemException.NotFound($"Workflow {query.Key} v{query.Version}");
            var workflow = await runtime.CompiledAsync(query.Key, query.Version, ct);
            return query.Format == "dot" ? workflow.ToDot() : workflow.ToMermaid();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{key:maxlength(64)}/versions/{version:int:range(1,100000)}/diagram", async (string key, int version, ISender sender, CancellationToken ct,
                string format = "mermaid") =>
            {
                var diagram = await sender.Send(new Query(key, version, format), ct);
                return TypedResults.Text(diagram, format == "dot" ? "text/vnd.graphviz" : "text/plain");
            })
            .ProducesFile("text/plain", "text/vnd.graphviz")
            .WithName("GetWorkflowDiagram")
            .WithSummary("The workflow as a Mermaid or Graphviz diagram, guard names on the edges (admin only).")
            .WithProblems(401, 403, 404);
}
