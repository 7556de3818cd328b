using FluentValidation;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Calls;

/// <summary>An authority's own quota in a call: a province, a sub-provincial city or a national body, as a recommender's jurisdiction names it.</summary>
/// <param name="ProvinceCode">A province (two digits, <c>GET /api/provinces</c>); or else</param>
/// <param name="NationalBody">a national body (central SOE group, industry association) that a recommender account or a
/// membership names; or else</param>
/// <param name="Quota">How many applications the authority may recommend in the call; 0 for none.</param>
/// <param name="CityCode">a sub-provincial city (计划单列市, four digits, <c>GET /api/cities</c>).</param>
public sealed record AuthorityQuotaBody(string? ProvinceCode, string? NationalBody, int Quota, string? CityCode = null)
{
    /// <summary>The authority named (a method, not a property, so it is no member of the request's JSON).</summary>
    public RecommendingAuthority Authority() => RecommendingAuthority.Of(ProvinceCode?.Trim(), NationalBody?.Trim(), CityCode?.Trim())!;
}

/// <summary>The rules every list of authority quotas meets, on creating a call, changing a draft and changing the quotas.</summary>
public static class AuthorityQuotaRules
{
    public const int MaxAuthorities = 200;

    /// <summary>The list's own rule (one quota per authority) and each entry's, under the list's field name; its size is bounded by the caller.</summary>
    public static IRuleBuilderOptions<T, IEnumerable<AuthorityQuotaBody>> ValidAuthorityQuotas<T>(
        this IRuleBuilder<T, IReadOnlyList<AuthorityQuotaBody>?> rule) =>
        rule.Must(l => l is null || l.Where(Named).Select(a => a.Authority().Key).Distinct().Count() == l.Count(Named))
            .WithMessage("An authority must not be given two quotas.")
            .ForEach(entry => entry.SetValidator(new EntryValidator()));

    private sealed class EntryValidator : AbstractValidator<AuthorityQuotaBody>
    {
        public EntryValidator()
        {
            RuleFor(a => a).Must(Named).WithMessage("Give exactly one of a province code, a city code or a national body.");
            RuleFor(a => a.ProvinceCode).Matches("^[0-9]{2}$").When(a => a.ProvinceCode is not null);
            RuleFor(a => a.CityCode).Matches("^[0-9]{4}$").When(a => a.CityCode is not null);
            RuleFor(a => a.NationalBody).MaximumLength(200);
            RuleFor(a => a.Quota).InclusiveBetween(0, 10_000);
        }
    }

    private static bool Named(AuthorityQuotaBody a) =>
        new[] { a.ProvinceCode, a.CityCode, a.NationalBody }.Count(v => !string.IsNullOrWhiteSpace(v)) == 1;

    /// <summary>
    /// Refuses an authority that does not exist: a province or a sub-provincial city not in the reference data, or a
    /// national body that no recommender account and no membership names. (No programme restricts which kind of authority recommends, so
    /// there is no level to check.)
    /// </summary>
    public static async Task RequireKnownAsync(AppDbContext db, IReadOnlyList<AuthorityQuotaBody> quotas, CancellationToken ct)
    {
        var provinces = quotas.Where(q => q.Authority().ProvinceCode is not null).Select(q => q.Authority().ProvinceCode!).ToList();
        var cities = quotas.Where(q => q.Authority().CityCode is not null).Select(q => q.Authority().CityCode!).ToList();
        var bodies = quotas.Where(q => q.Authority().NationalBody is not null).Select(q => q.Authority().NationalBody!).ToList();
        var knownProvinces = await db.Provinces.Where(p => provinces.Contains(p.Code)).Select(p => p.Code).ToListAsync(ct);
        var knownCities = await db.Cities.Where(c => cities.Contains(c.Code)).Select(c => c.Code).ToListAsync(ct);
        var knownBodies = await db.Users.Where(u => u.Role == Roles.Recommender && u.JurisdictionNationalBody != null
                && bodies.Contains(u.JurisdictionNationalBody)).Select(u => u.JurisdictionNationalBody!)
            .Union(db.NationalBodyMemberships.Where(m => bodies.Contains(m.NationalBody)).Select(m => m.NationalBody))
            .ToListAsync(ct);
        for (var i = 0; i < quotas.Count; i++)
        {
            var authority = quotas[i].Authority();
            if (authority.ProvinceCode is { } province && !knownProvinces.Contains(province))
                throw ProblemException.Invalid($"authorityQuotas[{i}].provinceCode", $"Unknown province '{province}'.");
            if (authority.CityCode is { } city && !knownCities.Contains(city))
                throw ProblemException.Invalid($"authorityQuotas[{i}].cityCode", $"'{city}' is not a sub-provincial city (GET /api/cities).");
            if (authority.NationalBody is { } body && !knownBodies.Contains(body))
                throw ProblemException.Invalid($"authorityQuotas[{i}].nationalBody",
                    $"No recommender account or membership names the national body '{body}'.");
        }
    }

    /// <summary>Replaces the call's authority quotas with <paramref name="quotas"/>.</summary>
    public static void Replace(Call call, IReadOnlyList<AuthorityQuotaBody> quotas)
    {
        var wanted = quotas.ToDictionary(q => q.Authority().Key, q => q.Quota);
        call.AuthorityQuotas.RemoveAll(q => !wanted.ContainsKey(q.Authority));
        foreach (var (authority, quota) in wanted)
        {
            // Changed in place: a row removed and added again under the same key would be tracked twice.
            if (call.AuthorityQuotas.Find(q => q.Authority == authority) is { } kept)
                kept.Quota = quota;
            else
                call.AuthorityQuotas.Add(new CallAuthorityQuota { CallId = call.Id, Authority = authority, Quota = quota });
        }
    }
}
