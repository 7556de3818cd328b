using System.Text.Json;
using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class FireTransition
{
    /// <summary>A trigger to fire on an application.</summary>
    /// <param name="Trigger">One of the triggers listed by <c>GET /api/applications/{id}/actions</c>.</param>
    /// <param name="Comment">Required by some transitions (e.g. return, reject); kept in the history.</param>
    /// <param name="Data">Optional JSON object kept with the history entry.</param>
    public sealed record Body(string Trigger, string? Comment, JsonElement? Data);

    public sealed record Command(Guid ApplicationId, string Trigger, string? Comment, JsonElement? Data,
        int? ExpectedVersion, string? IdempotencyKey) : ICommand<ApplicationView>, IIdempotentCommand
    {
        public string RequestHash() => Idempotency.Hash(ApplicationId, Trigger, Comment, Data?.GetRawText());
    }

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Trigger).NotEmpty().MaximumLength(64);
            RuleFor(c => c.Comment).MaximumLength(2000);
            RuleFor(c => c.Data).Must(d => d is null || d.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Null)
                .WithMessage("Must be a JSON object.");
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime, AuditTrail audit)
        : ICommandHandler<Command, ApplicationView>
    {
        public async ValueTask<ApplicationView> Handle(Command command, CancellationToken ct)
        {
            var application = await ApplicationAccess.LoadVisibleWithCallAsync(db, user, command.ApplicationId, ct);
            db.RequireVersion(application, command.ExpectedVersion, "application", ApplicationAccess.VersionFor(user, application));

            (await runtime.FireAsync(application, command.Trigger, ApplicationAccess.ActorFor(user), command.Comment, command.Data, ct)).ThrowIfRefused();
            // The transition's changes and its audit events in one save (one round trip); the view needs the raised version.
            await audit.FlushAsync(ct);

            return ApplicationView.For(user, application, await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/transitions", async (Guid id, Body body, HttpRequest request, HttpResponse response,
                ISender sender, IdempotencyOutcome idempotency, CancellationToken ct) =>
            {
                var view = await sender.Send(new Command(id, body.Trigger, body.Comment, body.Data,
                    EndpointConventions.ParseIfMatch(request), Idempotency.KeyFrom(request)), ct);
                response.Headers.ETag = $"\"{view.Version}\"";
                idempotency.MarkReplayed(response);
                return TypedResults.Ok(view);
            })
            .WithName("FireTransition")
            .WithSummary("Fires a workflow trigger. Requires If-Match; an Idempotency-Key makes retries safe.")
            .WithProblems(401, 403, 404, 409, 412, 422, 428);
}
