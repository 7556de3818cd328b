using System.Text.Json;
using Mediator;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.Features.Applications;

/// <summary>An application's form: the definition its call pins, the content as saved, and the version for If-Match.</summary>
public static class GetApplicationForm
{
    public sealed record Query(Guid ApplicationId) : IQuery<ApplicationForm>;

    /// <summary>The form to show or fill in.</summary>
    /// <param name="Form">The definition the application's call pins (docs/forms.md).</param>
    /// <param name="Content">The content as saved: plain JSON, camelCase properties.</param>
    /// <param name="Version">The application's version as the caller sees it, to send as If-Match when saving.</param>
    public sealed record ApplicationForm(FormDefinition Form, JsonElement Content, int Version);

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime, FormLibrary forms)
        : IQueryHandler<Query, ApplicationForm>
    {
        public async ValueTask<ApplicationForm> Handle(Query query, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleAsync(db, user, query.ApplicationId, ct);
            var view = ApplicationView.For(user, application, await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct));
            var form = await forms.ForApplicationAsync(application, ct);
            return new ApplicationForm(form.Definition, view.Content, view.Version);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/form", async (Guid id, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var form = await sender.Send(new Query(id), ct);
                response.Headers.ETag = $"\"{form.Version}\"";
                return TypedResults.Ok(form);
            })
            .WithName("GetApplicationForm")
            .WithSummary("The application's form definition (the version its call pins) with its content and the ETag to save with.")
            .WithProblems(401, 404);
}
