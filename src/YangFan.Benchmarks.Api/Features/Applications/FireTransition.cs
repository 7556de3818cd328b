using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
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
        int? ExpectedVersion, string? IdempotencyKey) : ICommand<Result>;

    /// <summary>The response body and ETag; <see cref="Replayed"/> when an earlier identical request's answer is returned.</summary>
    public sealed record Result(string Json, string ETag, bool Replayed);

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

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime, Idempotency idempotency)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken ct)
        {
            var caller = user.RequireId();
            var requestHash = Idempotency.Hash(command.ApplicationId, command.Trigger, command.Comment, command.Data?.GetRawText());
            if (await idempotency.FindAsync(caller, command.IdempotencyKey, requestHash, ct) is { } replay)
                return new Result(replay.Body, replay.ETag, Replayed: true);

            var application = await ApplicationAccess.LoadVisibleAsync(db, user, command.ApplicationId, ct);
            db.RequireVersion(application, command.ExpectedVersion, "application", ApplicationAccess.VersionFor(user, application));

            await runtime.FireAsync(application, command.Trigger, ApplicationAccess.ActorFor(user), command.Comment, command.Data, ct);
            await db.SaveChangesAsync(ct);

            var view = ApplicationView.For(user, application, await runtime.CompiledAsync(application.WorkflowKey, application.WorkflowVersion, ct));
            var json = JsonSerializer.Serialize(view, JsonSerializerOptions.Web);
            var etag = $"\"{view.Version}\"";
            idempotency.Remember(caller, command.IdempotencyKey, requestHash, json, etag);
            return new Result(json, etag, Replayed: false);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id:guid}/transitions", async (Guid id, Body body, HttpRequest request, HttpResponse response,
                ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new Command(id, body.Trigger, body.Comment, body.Data,
                    EndpointConventions.ParseIfMatch(request), Idempotency.KeyFrom(request)), ct);
                response.Headers.ETag = result.ETag;
                if (result.Replayed)
                    response.Headers["Idempotent-Replayed"] = "true";
                return TypedResults.Text(result.Json, "application/json", Encoding.UTF8, StatusCodes.Status200OK);
            })
            .WithName("FireTransition")
            .WithSummary("Fires a workflow trigger. Requires If-Match; an Idempotency-Key makes retries safe.")
            .Produces<ApplicationView>()
            .WithProblems(401, 403, 404, 409, 412, 422, 428);
}
