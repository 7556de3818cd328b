using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Users;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Organisations;

public static class OrganisationEndpoints
{
    public static void MapOrganisationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization();
        GetOrganisation.Map(group);
        UpdateOrganisation.Map(group);
        RequestRename.Map(group);
        ListRenameRequests.MapForOrganisation(group);
        var admin = app.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization(Policies.Admin);
        AddNationalBodyMembership.Map(admin);
        OverrideOrganisationProvince.Map(admin);
        RecordCreditCodeOverride.Map(app.MapGroup("/api/credit-code-overrides").WithTags("Organisations").RequireAuthorization(Policies.Admin));
        var renames = app.MapGroup("/api/organisation-rename-requests").WithTags("Organisations").RequireAuthorization(Policies.Admin);
        ListRenameRequests.MapForAdministrators(renames);
        DecideRenameRequest.Map(renames);
    }

    /// <summary>Members of the organisation and administrators; everyone else gets 404.</summary>
    public static async Task<Organisation> LoadVisibleAsync(AppDbContext db, ICurrentUser user, Guid id, CancellationToken ct)
    {
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Id == id, ct);
        var allowed = organisation is not null && (user.Role == Roles.Admin
            || await db.Users.AnyAsync(u => u.Id == user.Id && u.OrganisationId == id, ct));
        return allowed ? organisation! : throw ProblemException.NotFound("The organisation");
    }

    public static OrganisationView View(Organisation o) => new(o.Id, o.Name, o.CreditCode, o.Kind.ToString(), o.ProvinceCode, o.Address,
        o.ContactPerson, o.ContactPhone);
}
