using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Features.Users;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;

namespace YangFan.Benchmarks.Api.Features.Organisations;

public static class OrganisationEndpoints
{
    public static void MapOrganisationEndpoints(this IEndpointRouteBuilder app, StorageOptions storage)
    {
        var group = app.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization();
        GetOrganisation.Map(group);
        UpdateOrganisation.Map(group);
        RequestRename.Map(group);
        ListRenameRequests.MapForOrganisation(group);
        UploadOrganisationDocument.Map(group, storage);
        GetVerification.Map(group);
        RequestVerification.Map(group);
        ListMembers.Map(group);
        InviteMember.Map(group);
        RevokeInvitation.Map(group);
        RemoveMember.Map(group);
        TransferOwnership.Map(group);
        DownloadOrganisationDocument.Map(app.MapGroup("/api/organisation-documents").WithTags("Organisations").RequireAuthorization());
        var admin = app.MapGroup("/api/organisations").WithTags("Organisations").RequireAuthorization(Policies.Admin);
        AddNationalBodyMembership.Map(admin);
        OverrideOrganisationProvince.Map(admin);
        OverrideOrganisationCity.Map(admin);
        DecideVerification.Map(admin);
        ListVerificationQueue.Map(app.MapGroup("/api/organisation-verifications").WithTags("Organisations").RequireAuthorization(Policies.Admin));

        var invitations = app.MapGroup("/api/invitations").WithTags("Organisations");
        GetInvitation.Map(invitations);
        AcceptInvitation.Map(invitations);
        FileClaim.Map(app.MapGroup("/api/organisation-claims").WithTags("Organisations").RequireAuthorization(), storage);
        ListClaims.MapForClaimant(app.MapGroup("/api/me").WithTags("Organisations").RequireAuthorization());
        var claims = app.MapGroup("/api/organisation-claims").WithTags("Organisations").RequireAuthorization(Policies.Admin);
        ListClaims.MapForAdministrators(claims);
        DecideClaim.Map(claims);
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

    public static OrganisationView View(Organisation o) => OrganisationView.From(o);
}
