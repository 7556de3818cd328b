using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.Features.Workflows;

public static class MigrateWorkflowInstances
{
    /// <summary>Moves every application on one version of a workflow to another.</summary>
    /// <param name="FromVersion">The version the applications run on now.</param>
    /// <param name="ToVersion">A published version to move them to.</param>
    /// <param name="StateMap">Old state → new state; states not listed keep their name, which must exist in the target.</param>
    /// <param name="DryRun">Report what would happen without changing anything.</param>
    public sealed record Body(int FromVersion, int ToVersion, Dictionary<string, string>? StateMap, bool DryRun);

    public sealed record Command(string Key, int FromVersion, int ToVersion, IReadOnlyDictionary<string, string> StateMap, bool DryRun)
        : ICommand<Report>;

    /// <summary>
    /// What happened (or, in a dry run, would happen) to each application; a dry run also lists in <c>blocked</c> the
    /// applications that could not move and why, where a real run refuses them all with a 422.
    /// </summary>
    public sealed record Report(string Key, int FromVersion, int ToVersion, bool DryRun, int Count, IReadOnlyList<InstanceMove> Instances,
        IReadOnlyList<InstanceBlocked> Blocked);

    public sealed record InstanceMove(Guid ApplicationId, string Title, string FromState, string ToState);

    /// <summary>An application that cannot move: <c>code</c> is <c>unmapped-state</c> when its state is missing from the target.</summary>
    public sealed record InstanceBlocked(Guid ApplicationId, string Title, string FromState, string Code, string Reason);

    public const string UnmappedState = "unmapped-state";

    /// <summary>More versions than any programme will ever publish; bounds the number clients may send.</summary>
    public const int MaxVersion = 100_000;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FromVersion).GreaterThan(0).LessThanOrEqualTo(MaxVersion);
            RuleFor(c => c.ToVersion).GreaterThan(0).LessThanOrEqualTo(MaxVersion).NotEqual(c => c.FromVersion);
            // A state name is at most 64 characters wherever it is stored.
            RuleForEach(c => c.StateMap.Values).MaximumLength(64).OverridePropertyName("stateMap");
        }
    }

    public sealed class Handler(AppDbContext db, WorkflowRuntime runtime, AuditTrail audit, ICurrentUser user)
        : ICommandHandler<Command, Report>
    {
        public async ValueTask<Report> Handle(Command command, CancellationToken ct)
        {
            var source = await LoadAsync(command.Key, command.FromVersion, ct);
            var target = await LoadAsync(command.Key, command.ToVersion, ct);
            if (!await db.Workflows.AnyAsync(w => w.Key == command.Key && w.Version == command.ToVersion && w.Status == WorkflowVersionStatus.Published, ct))
                throw ProblemException.Conflict($"Workflow {command.Key} v{command.ToVersion} is a draft; publish it before moving applications to it.");

            var errors = new List<WorkflowError>();
            foreach (var (from, to) in command.StateMap)
            {
                if (!source.HasState(from))
                    errors.Add(new WorkflowError($"$.stateMap.{from}", $"v{command.FromVersion} has no state '{from}'."));
                if (!target.HasState(to))
                    errors.Add(new WorkflowError($"$.stateMap.{from}", $"v{command.ToVersion} has no state '{to}'."));
            }
            if (errors.Count > 0)
                throw WorkflowEndpoints.Invalid(errors);

            var applications = await db.Applications
                .Where(a => a.WorkflowKey == command.Key && a.WorkflowVersion == command.FromVersion)
                .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
                .ToListAsync(ct);
            var moves = applications.Select(a => new InstanceMove(a.Id, a.Title, a.State,
                command.StateMap.TryGetValue(a.State, out var mapped) ? mapped : a.State)).ToList();
            var blocked = moves.Where(m => !target.HasState(m.ToState))
                .Select(m => new InstanceBlocked(m.ApplicationId, m.Title, m.FromState, UnmappedState,
                    $"Application {m.ApplicationId} is in '{m.FromState}', which v{command.ToVersion} lacks; map it to a state of v{command.ToVersion}."))
                .ToList();
            if (command.DryRun)
                return new Report(command.Key, command.FromVersion, command.ToVersion, true, moves.Count - blocked.Count,
                    moves.Where(m => target.HasState(m.ToState)).ToList(), blocked);
            if (blocked.Count > 0)
                throw WorkflowEndpoints.Invalid(blocked.Select(b => new WorkflowError($"$.stateMap.{b.FromState}", b.Reason)));

            var actor = ApplicationAccess.ActorFor(user);
            foreach (var (application, move) in applications.Zip(moves))
                await runtime.MigrateAsync(application, target, move.ToState, actor, ct);
            audit.Record("workflow.migrated", "Workflow", $"{command.Key}/v{command.FromVersion}", new
            {
                command.ToVersion,
                command.StateMap,
                instances = moves.Select(m => new { m.ApplicationId, m.FromState, m.ToState }),
            });
            return new Report(command.Key, command.FromVersion, command.ToVersion, false, moves.Count, moves, []);
        }

        private async Task<CompiledWorkflow> LoadAsync(string key, int version, CancellationToken ct)
        {
            if (!await db.Workflows.AnyAsync(w => w.Key == key && w.Version == version, ct))
                throw ProblemException.NotFound($"Workflow {key} v{version}");
            return await runtime.CompiledAsync(key, version, ct);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{key:maxlength(64)}/migrations", async (string key, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(key, body.FromVersion, body.ToVersion,
                    body.StateMap ?? new Dictionary<string, string>(), body.DryRun), ct)))
            .WithName("MigrateWorkflowInstances")
            .WithSummary("Moves applications between versions with an explicit state map; dryRun reports each move and each application that cannot move, without changing (admin only).")
            .WithProblems(401, 403, 404, 409, 422);
}
