using Mediator;
using YangFan.Benchmarks.Api.Features.Applications;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Pages.Calls;

/// <summary>
/// Fires one trigger on several applications, each through <see cref="FireTransition"/> in a scope of its own: its
/// own database context and transaction, so one refusal neither undoes the others nor leaves its half-made changes
/// tracked for the next. The signed-in user is the request's, read through the HTTP context in every scope.
/// </summary>
public static class TransitionBatch
{
    /// <summary>The outcome for one application: done, or the problem that refused it.</summary>
    public sealed record Outcome(Guid ApplicationId, ProblemException? Refusal, bool Invalid)
    {
        public bool Done => Refusal is null && !Invalid;
    }

    public static async Task<IReadOnlyList<Outcome>> FireEachAsync(IServiceScopeFactory scopes, IEnumerable<(Guid Id, int Version)> applications,
        string trigger, string? comment, CancellationToken ct)
    {
        var outcomes = new List<Outcome>();
        foreach (var (id, version) in applications)
        {
            await using var scope = scopes.CreateAsyncScope();
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            try
            {
                await sender.Send(new FireTransition.Command(id, trigger, comment, null, version, null), ct);
                outcomes.Add(new Outcome(id, null, false));
            }
            catch (FluentValidation.ValidationException)
            {
                outcomes.Add(new Outcome(id, null, true));
            }
            catch (ProblemException problem)
            {
                outcomes.Add(new Outcome(id, problem, false));
            }
        }
        return outcomes;
    }
}
