using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Calls;

public static class ChangeCallStatus
{
    public sealed record Command(Guid Id, string Trigger) : ICommand<CallView>;

    public sealed class Handler(AppDbContext db, CallLifecycle lifecycle, ICurrentUser user) : ICommandHandler<Command, CallView>
    {
        public async ValueTask<CallView> Handle(Command command, CancellationToken ct)
        {
            var call = await db.Calls.Include(c => c.Sectors).FirstOrDefaultAsync(c => c.Id == command.Id, ct)
                ?? throw ProblemException.NotFound("The call");
            (await lifecycle.FireAsync(call, command.Trigger, ApplicationAccess.ActorFor(user), ct)).ThrowIfRefused();
            await db.SaveChangesAsync(ct);
            return CallView.From(call);
        }
    }

    public static void Map(RouteGroupBuilder group)
    {
        foreach (var (trigger, summary) in new[]
                 {
                     ("open", "Opens a draft call and pins the workflow version its applications will follow (admin only)."),
                     ("close", "Closes an open call early (admin only)."),
                     ("finish", "Finishes a closed call (admin only)."),
                 })
            group.MapPost($"/{{id:guid}}/{trigger}", async (Guid id, ISender sender, CancellationToken ct) =>
                    TypedResults.Ok(await sender.Send(new Command(id, trigger), ct)))
                .WithName($"{char.ToUpperInvariant(trigger[0])}{trigger[1..]}Call")
                .WithSummary(summary)
                .WithProblems(401, 403, 404, 409);
    }
}
