using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

/// <summary>
/// A recommending authority's quota in every listed call (open or closed): its quota, used and left, with the call's
/// deadlines. A recommender sees its own authority's; an administrator names the authority.
/// </summary>
public static class GetAuthorityQuotas
{
    /// <summary>Whose quotas: an administrator gives a province, a sub-provincial city or a national body; a recommender gives none (or its own).</summary>
    public sealed record Query(string? ProvinceCode, string? NationalBody, string? CityCode = null) : IQuery<Answer>;

    /// <param name="Authority">The authority's key.</param>
    /// <param name="ProvinceCode">Its province, for a provincial authority.</param>
    /// <param name="NationalBody">Its name, for a national body.</param>
    /// <param name="Calls">Each listed call, latest first.</param>
    /// <param name="CityCode">Its city, for a sub-provincial city's authority.</param>
    public sealed record Answer(string Authority, string? ProvinceCode, string? NationalBody, IReadOnlyList<CallQuota> Calls, string? CityCode = null);

    /// <summary>The authority's standing in one call.</summary>
    /// <param name="CallId">The call.</param>
    /// <param name="ProgrammeKey">Its programme.</param>
    /// <param name="TitleZh">Its Chinese title.</param>
    /// <param name="TitleEn">Its English title.</param>
    /// <param name="Status">Its state in the call lifecycle.</param>
    /// <param name="ClosesAt">When the call stops taking applications.</param>
    /// <param name="RecommendationDeadline">When recommendations are due, if the call says.</param>
    /// <param name="Quota">How many the authority may recommend; null for no limit.</param>
    /// <param name="Own">Whether the quota is the authority's own rather than the call's.</param>
    /// <param name="Used">How many it has recommended.</param>
    /// <param name="Left">How many it may still recommend; null for no limit.</param>
    public sealed record CallQuota(Guid CallId, string ProgrammeKey, string TitleZh, string TitleEn, string Status, DateTimeOffset ClosesAt,
        DateTimeOffset? RecommendationDeadline, int? Quota, bool Own, int Used, int? Left);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.ProvinceCode).Matches("^[0-9]{2}$").OverridePropertyName("provinceCode");
            RuleFor(q => q.CityCode).Matches("^[0-9]{4}$").OverridePropertyName("cityCode");
            RuleFor(q => q.NationalBody).MaximumLength(200).OverridePropertyName("nationalBody");
            RuleFor(q => q).Must(q => new[] { q.ProvinceCode, q.CityCode, q.NationalBody }.Count(v => v is not null) <= 1).OverridePropertyName("provinceCode")
                .WithMessage("Give at most one of a province code, a city code or a national body.");
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowLibrary workflows) : IQueryHandler<Query, Answer>
    {
        public async ValueTask<Answer> Handle(Query query, CancellationToken ct)
        {
            var asked = RecommendingAuthority.Of(query.ProvinceCode, query.NationalBody?.Trim(), query.CityCode);
            RecommendingAuthority authority;
            if (user.Role == Roles.Admin)
                authority = asked ?? throw ProblemException.Invalid("provinceCode", "Give the authority: a province code, a city code or a national body.");
            else
            {
                authority = await Jurisdiction.AuthorityOfAsync(db, user.RequireId(), ct)
                    ?? throw ProblemException.Forbidden("The account recommends for no authority.");
                if (asked is not null && asked != authority)
                    throw ProblemException.Forbidden("An authority's quotas are shown to that authority and to administrators only.");
            }

            var calls = await db.Calls.AsNoTracking().Where(await workflows.CallsTaggedAsync(StateTags.Listed, ct))
                .OrderByDescending(c => c.OpensAt).ThenBy(c => c.Id).Take(200).ToListAsync(ct);
            var standings = await RecommenderQuotas.StandingsAsync(db, calls, authority, ct);
            return new Answer(authority.Key, authority.ProvinceCode, authority.NationalBody, calls.Select(c =>
            {
                var s = standings[c.Id];
                return new CallQuota(c.Id, c.ProgrammeKey, c.TitleZh, c.TitleEn, c.Status, c.ClosesAt, c.RecommendationDeadline,
                    s.Quota, s.Own, s.Used, s.Left);
            }).ToList(), authority.CityCode);
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/recommendations/quotas", async (string? provinceCode, string? nationalBody, string? cityCode, ISender sender,
                CancellationToken ct) => TypedResults.Ok(await sender.Send(new Query(provinceCode, nationalBody, cityCode), ct)))
            .RequireAuthorization(p => p.RequireRole(Roles.Recommender, Roles.Admin))
            .WithTags("Recommendations")
            .WithName("GetAuthorityQuotas")
            .WithSummary("A recommending authority's quota, used and left in each open or closed call, with the call's deadlines "
                + "(the authority's recommenders: their own; administrators: name it with provinceCode, cityCode or nationalBody).")
            .WithProblems(401, 403);
}
