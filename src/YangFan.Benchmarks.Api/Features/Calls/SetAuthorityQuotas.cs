using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Recommendations;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Calls;

/// <summary>
/// Replaces the authorities' own quotas of a call, in any state but finished: a province may be given more room
/// while recommendations run. No authority's quota (its own, or the call's it falls back to) may drop below what it
/// has already recommended, so a change never leaves a recommendation over quota; each authority touched is counted
/// under the quota guard's lock, so a recommendation racing with the change is either counted or sees the new quota.
/// </summary>
public static class SetAuthorityQuotas
{
    /// <param name="AuthorityQuotas">Every authority with a quota of its own; those left out get the call's again.</param>
    public sealed record Body(IReadOnlyList<AuthorityQuotaBody> AuthorityQuotas);

    public sealed record Command(Guid CallId, Body Body, int? ExpectedVersion) : ICommand<GetCallAuthorityQuotas.View>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body).NotNull();
            RuleFor(c => c.Body.AuthorityQuotas).NotNull().ValidAuthorityQuotas().OverridePropertyName("authorityQuotas");
            RuleFor(c => c.Body.AuthorityQuotas.Count).LessThanOrEqualTo(AuthorityQuotaRules.MaxAuthorities).OverridePropertyName("authorityQuotas")
                .When(c => c.Body.AuthorityQuotas is not null);
        }
    }

    public sealed class Handler(AppDbContext db, WorkflowLibrary workflows, AuditTrail audit) : ICommandHandler<Command, GetCallAuthorityQuotas.View>
    {
        public async ValueTask<GetCallAuthorityQuotas.View> Handle(Command command, CancellationToken ct)
        {
            var call = await db.Calls.Include(c => c.AuthorityQuotas).FirstOrDefaultAsync(c => c.Id == command.CallId, ct)
                ?? throw ProblemException.NotFound("The call");
            db.RequireVersion(call, command.ExpectedVersion, "call");
            if (!await workflows.HasTagAsync(call, StateTags.Editable, ct) && !await workflows.HasTagAsync(call, StateTags.Listed, ct))
                throw ProblemException.Conflict($"The quotas of a call no longer change once it is {call.Status}.");
            await db.LockAsync(call, ct);
            var quotas = command.Body.AuthorityQuotas;
            await AuthorityQuotaRules.RequireKnownAsync(db, quotas, ct);

            var wanted = quotas.Select((q, i) => (Authority: q.Authority(), q.Quota, Field: $"authorityQuotas[{i}].quota")).ToList();
            var touched = call.AuthorityQuotas.Select(q => q.Authority).Union(wanted.Select(w => w.Authority.Key)).Order(StringComparer.Ordinal);
            // In key order, after the call's row: two changes of one call queue on the row, so they never wait in a circle.
            foreach (var key in touched)
            {
                var authority = RecommendingAuthority.FromKey(key);
                var change = wanted.Find(w => w.Authority.Key == key);
                await RecommenderQuotas.LockAsync(db, call.Id, authority, ct);
                if ((change.Authority is null ? call.RecommenderQuota : change.Quota) is { } quota
                    && await RecommenderQuotas.UsedAsync(db, call.Id, authority, ct) is var used && used > quota)
                    throw ProblemException.AuthorityQuotaBelowUsed(change.Field ?? "authorityQuotas", authority, used, quota);
            }

            AuthorityQuotaRules.Replace(call, quotas);
            db.Entry(call).Property(c => c.Version).IsModified = true;
            audit.Record("call.authority-quotas-changed", "Call", call.Id, command.Body);
            await db.SaveChangesAsync(ct);
            return await GetCallAuthorityQuotas.ReadAsync(db, call, ct);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/{id:guid}/authority-quotas", async (Guid id, Body body, HttpRequest request, HttpResponse response, ISender sender,
                CancellationToken ct) =>
            {
                var view = await sender.Send(new Command(id, body, EndpointConventions.ParseIfMatch(request)), ct);
                response.Headers.ETag = $"\"{view.Version}\"";
                return TypedResults.Ok(view);
            })
            .WithName("SetAuthorityQuotas")
            .WithSummary("Replaces the authorities' own quotas of a call that is not finished; requires If-Match (admin only).")
            .WithProblems(401, 403, 404, 409, 412, 428);
}
