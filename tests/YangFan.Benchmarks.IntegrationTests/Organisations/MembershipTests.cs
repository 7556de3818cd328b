using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Organisations;

public sealed class MembershipTests(ApiFixture fixture) : ApiTest(fixture)
{
    private const string Password = "Colleague-Passw0rd";

    [Fact]
    public async Task An_invited_colleague_signs_up_sees_and_edits_the_organisations_applications_and_the_history_names_who_submitted()
    {
        var admin = await AsAdminAsync();
        var s = await WorkflowScenario.CreateAsync(Factory, admin);
        var invitation = await InviteAsync(s.Applicant, s.OrganisationId, "wang@example.cn");
        Assert.StartsWith("/invitations/", invitation.GetProperty("link").GetString());
        var token = invitation.GetProperty("token").GetString()!;

        var summary = await Anonymous().GetFromJsonAsync<JsonElement>($"/api/invitations/{token}");
        Assert.Equal("Pending", summary.GetProperty("status").GetString());
        Assert.Equal("wang@example.cn", summary.GetProperty("email").GetString());
        var joined = await Anonymous().PostAsJsonAsync($"/api/invitations/{token}/sign-up", new { displayName = "王工", password = Password });
        await Expect.StatusAsync(joined, HttpStatusCode.Created);
        var colleague = await Calls.SignedInAsync(Factory, "wang@example.cn", Password);

        var listed = await colleague.GetFromJsonAsync<JsonElement>("/api/applications");
        Assert.Contains(s.ApplicationId.ToString(), listed.GetRawText());
        var current = await colleague.GetAsync($"/api/applications/{s.ApplicationId}");
        var edit = new HttpRequestMessage(HttpMethod.Put, $"/api/applications/{s.ApplicationId}")
        {
            Content = JsonContent.Create(new { sectorCode = "industrial-internet", content = TestContent.CompleteFor("demonstration-benchmark") }),
        };
        edit.Headers.IfMatch.Add(current.Headers.ETag!);
        await Expect.StatusAsync(await colleague.SendAsync(edit), HttpStatusCode.OK);
        await Expect.StatusAsync(await Transitions.FireAsync(colleague, s.ApplicationId, "submit"), HttpStatusCode.OK);

        var history = await s.Applicant.GetFromJsonAsync<JsonElement[]>($"/api/applications/{s.ApplicationId}/history");
        var submitted = history!.Single(h => h.GetProperty("trigger").GetString() == "submit");
        Assert.Equal("王工", submitted.GetProperty("actorName").GetString());
        var members = await s.Applicant.GetFromJsonAsync<JsonElement>($"/api/organisations/{s.OrganisationId}/members");
        Assert.Equal(["Owner", "Member"], members.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(0, members.GetProperty("pendingInvitations").GetArrayLength());
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM \"AuditEvents\" WHERE \"Action\" = 'organisation.member-joined'"));
    }

    [Fact]
    public async Task Only_the_owner_invites_and_the_owners_pending_invitations_are_listed_without_their_tokens()
    {
        var (owner, organisationId) = await OwnerAsync("owner@example.cn");
        var member = await JoinedAsync(owner, organisationId, "member@example.cn");
        var pending = await InviteAsync(owner, organisationId, "later@example.cn");
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await member.PostAsJsonAsync($"/api/organisations/{organisationId}/invitations", new { email = "x@example.cn" }),
            403, "not-organisation-owner");
        await Expect.ProblemAsync(await owner.PostAsJsonAsync($"/api/organisations/{organisationId}/invitations", new { email = "later@example.cn" }),
            409, "duplicate");
        await Expect.ProblemAsync(await owner.PostAsJsonAsync($"/api/organisations/{organisationId}/invitations", new { email = "not an address" }),
            400, "validation");
        Assert.Equal(before, await CountRowsAsync());

        var asOwner = await owner.GetStringAsync($"/api/organisations/{organisationId}/members");
        Assert.Contains("later@example.cn", asOwner);
        Assert.DoesNotContain(pending.GetProperty("token").GetString()!, asOwner);
        var asMember = await member.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}/members");
        Assert.Equal(0, asMember.GetProperty("pendingInvitations").GetArrayLength());
        Assert.Equal(64, (await ScalarAsync<string>("SELECT \"TokenHash\" FROM \"OrganisationInvitations\" WHERE \"Email\" = 'later@example.cn'"))!.Length);
    }

    [Fact]
    public async Task An_invitation_accepted_by_another_address_used_twice_or_expired_is_refused_and_changes_nothing()
    {
        var (owner, organisationId) = await OwnerAsync("owner@example.cn");
        var token = (await InviteAsync(owner, organisationId, "invited@example.cn")).GetProperty("token").GetString()!;
        await Calls.RegisterAsync(Anonymous(), "someone-else@example.cn", creditCode: null);
        // Someone else, signed in with an account of another address and an organisation of their own.
        var other = await Calls.SignedInAsync(Factory, "someone-else@example.cn", "Applicant-Passw0rd");
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await other.PostAsync($"/api/invitations/{token}/accept", null), 403, "invitation-for-another-address");
        await Expect.ProblemAsync(await Anonymous().PostAsync($"/api/invitations/{token}/accept", null), 401, "unauthenticated");
        await Expect.ProblemAsync(await Anonymous().GetAsync("/api/invitations/not-a-token"), 404, "not-found");
        Assert.Equal(before, await CountRowsAsync());

        await Expect.StatusAsync(await Anonymous().PostAsJsonAsync($"/api/invitations/{token}/sign-up", new { displayName = "受邀人", password = Password }),
            HttpStatusCode.Created);
        var afterUse = await CountRowsAsync();
        await Expect.ProblemAsync(await Anonymous().PostAsJsonAsync($"/api/invitations/{token}/sign-up", new { displayName = "又一次", password = Password }),
            409, "invitation-used");
        Assert.Equal(afterUse, await CountRowsAsync());

        var expiring = (await InviteAsync(owner, organisationId, "late@example.cn")).GetProperty("token").GetString()!;
        await ExecuteAsync("UPDATE \"OrganisationInvitations\" SET \"ExpiresAt\" = now() - interval '1 minute' WHERE \"Email\" = 'late@example.cn'");
        var beforeExpired = await CountRowsAsync();
        await Expect.ProblemAsync(await Anonymous().PostAsJsonAsync($"/api/invitations/{expiring}/sign-up", new { displayName = "迟到", password = Password }),
            409, "invitation-expired");
        Assert.Equal(beforeExpired, await CountRowsAsync());
        Assert.Equal("Expired", (await Anonymous().GetFromJsonAsync<JsonElement>($"/api/invitations/{expiring}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_account_without_an_organisation_accepts_by_signing_in()
    {
        var (owner, organisationId) = await OwnerAsync("owner@example.cn");
        var registered = await Anonymous().PostAsJsonAsync("/api/auth/register",
            new { email = "solo@example.cn", password = Password, displayName = "赵工" });
        await Expect.StatusAsync(registered, HttpStatusCode.Created);
        Assert.Equal(JsonValueKind.Null, (await registered.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("organisationId").ValueKind);
        var solo = await Calls.SignedInAsync(Factory, "solo@example.cn", Password);
        var token = (await InviteAsync(owner, organisationId, "SOLO@example.cn")).GetProperty("token").GetString()!;

        await Expect.StatusAsync(await solo.PostAsync($"/api/invitations/{token}/accept", null), HttpStatusCode.OK);

        // The same session goes on, now for the organisation.
        var me = await solo.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(organisationId, me.GetProperty("organisation").GetProperty("id").GetGuid());
        var second = (await InviteAsync(owner, organisationId, "solo2@example.cn")).GetProperty("token").GetString()!;
        await Expect.ProblemAsync(await Anonymous().PostAsJsonAsync($"/api/invitations/{second}/sign-up", new { displayName = "x", password = "short" }),
            400, "validation");
    }

    [Fact]
    public async Task A_removed_members_tokens_are_refused_at_once_and_the_former_membership_stays_readable()
    {
        var admin = await AsAdminAsync();
        var (owner, organisationId) = await OwnerAsync("owner@example.cn");
        await InviteAsync(owner, organisationId, "member@example.cn", accept: true);
        var tokens = await Calls.TokenAsync(Anonymous(), "member@example.cn", Password);
        var member = Factory.CreateClient().WithBearer(tokens.GetProperty("accessToken").GetString()!);
        await Expect.StatusAsync(await member.GetAsync("/api/applications"), HttpStatusCode.OK);
        var memberId = (await member.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();

        await Expect.ProblemAsync(await member.PostAsync($"/api/organisations/{organisationId}/members/{memberId}/remove", null), 403, "not-organisation-owner");
        var ownerId = (await owner.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
        await Expect.ProblemAsync(await owner.PostAsync($"/api/organisations/{organisationId}/members/{ownerId}/remove", null), 409, "conflict");
        await Expect.StatusAsync(await owner.PostAsync($"/api/organisations/{organisationId}/members/{memberId}/remove", null), HttpStatusCode.NoContent);

        // The access token that worked a moment ago is refused at the next request, and its refresh token is revoked.
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync("/api/applications")).StatusCode);
        var refresh = await Anonymous().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() });
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);
        // Signing in again gives an account without an organisation, which sees no applications.
        var again = await Calls.SignedInAsync(Factory, "member@example.cn", Password);
        Assert.Equal(JsonValueKind.Null, (await again.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("organisation").ValueKind);
        await Expect.ProblemAsync(await again.GetAsync($"/api/organisations/{organisationId}/members"), 404, "not-found");

        var asAdmin = await admin.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}/members");
        var former = asAdmin.GetProperty("formerMembers").EnumerateArray().Single();
        Assert.Equal(memberId, former.GetProperty("userId").GetGuid());
        Assert.Equal("Removed", former.GetProperty("endReason").GetString());
    }

    [Fact]
    public async Task The_owner_transfers_ownership_and_stays_a_member()
    {
        var (owner, organisationId) = await OwnerAsync("owner@example.cn");
        var member = await JoinedAsync(owner, organisationId, "member@example.cn");
        var memberId = (await member.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
        var before = await CountRowsAsync();

        await Expect.ProblemAsync(await member.PutAsJsonAsync($"/api/organisations/{organisationId}/owner", new { userId = memberId }),
            403, "not-organisation-owner");
        await Expect.ProblemAsync(await owner.PutAsJsonAsync($"/api/organisations/{organisationId}/owner", new { userId = Guid.NewGuid() }),
            404, "not-found");
        Assert.Equal(before, await CountRowsAsync());

        await Expect.StatusAsync(await owner.PutAsJsonAsync($"/api/organisations/{organisationId}/owner", new { userId = memberId }), HttpStatusCode.NoContent);

        var members = await member.GetFromJsonAsync<JsonElement>($"/api/organisations/{organisationId}/members");
        Assert.Equal(memberId, members.GetProperty("members")[0].GetProperty("userId").GetGuid());
        Assert.Equal(["Owner", "Member"], members.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        await Expect.ProblemAsync(await owner.PostAsJsonAsync($"/api/organisations/{organisationId}/invitations", new { email = "x@example.cn" }),
            403, "not-organisation-owner");
        await Expect.StatusAsync(await member.PostAsJsonAsync($"/api/organisations/{organisationId}/invitations", new { email = "x@example.cn" }),
            HttpStatusCode.Created);
        // The former owner still works on the applications.
        await Expect.StatusAsync(await owner.GetAsync("/api/applications"), HttpStatusCode.OK);
    }

    private async Task<(HttpClient Owner, Guid OrganisationId)> OwnerAsync(string email)
    {
        var registered = await Calls.RegisterAsync(Anonymous(), email);
        return (await Calls.SignedInAsync(Factory, email, "Applicant-Passw0rd"), registered.GetProperty("organisationId").GetGuid());
    }

    private async Task<JsonElement> InviteAsync(HttpClient owner, Guid organisationId, string email, bool accept = false)
    {
        var response = await owner.PostAsJsonAsync($"/api/organisations/{organisationId}/invitations", new { email });
        await Expect.StatusAsync(response, HttpStatusCode.Created);
        var invitation = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (accept)
            await Expect.StatusAsync(await Anonymous().PostAsJsonAsync($"/api/invitations/{invitation.GetProperty("token").GetString()}/sign-up",
                new { displayName = "同事", password = Password }), HttpStatusCode.Created);
        return invitation;
    }

    private async Task<HttpClient> JoinedAsync(HttpClient owner, Guid organisationId, string email)
    {
        await InviteAsync(owner, organisationId, email, accept: true);
        return await Calls.SignedInAsync(Factory, email, Password);
    }
}
