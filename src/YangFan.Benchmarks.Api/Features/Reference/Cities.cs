using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Features.Reference;

/// <summary>The sub-provincial cities (计划单列市) of the reference data, as registration and the administrators' overrides ask of them.</summary>
public static class Cities
{
    /// <summary>The city the credit code was registered in, when it is one of the reference data's (<see cref="CreditCode.CityCode"/>).</summary>
    public static async Task<string?> OfCreditCodeAsync(AppDbContext db, string creditCode, CancellationToken ct) =>
        CreditCode.CityCode(creditCode, (await db.Cities.AsNoTracking().Select(c => c.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal));
}
