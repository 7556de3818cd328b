using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Forms;

public sealed class ApplicationFormTests(ApiFixture fixture) : ApiTest(fixture)
{
    [Fact]
    public async Task The_applicant_reads_the_form_of_an_application_with_its_content_and_the_ETag_to_save_with()
    {
        var s = await WorkflowScenario.CreateAsync(Factory, await AsAdminAsync(), "security-centre");

        var response = await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}/form");
        await Expect.StatusAsync(response, HttpStatusCode.OK);
        var form = await response.Content.ReadFromJsonAsync<JsonElement>();
        var application = await s.Applicant.GetAsync($"/api/applications/{s.ApplicationId}");

        Assert.Equal(application.Headers.ETag, response.Headers.ETag);
        Assert.Equal("security-centre", form.GetProperty("form").GetProperty("key").GetString());
        Assert.Equal("/centreName", form.GetProperty("form").GetProperty("listingTitle").GetString());
        Assert.Equal("object", form.GetProperty("form").GetProperty("schema").GetProperty("type").GetString());
        Assert.Equal("中心概况", form.GetProperty("form").GetProperty("sections")[0].GetProperty("title").GetProperty("zh").GetString());
        Assert.Equal("44", form.GetProperty("content").GetProperty("provinceCode").GetString());
        Assert.Equal(int.Parse(application.Headers.ETag!.Tag.Trim('"')), form.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Whoever_may_not_see_the_application_does_not_see_its_form()
    {
        var s = await WorkflowScenario.CreateAsync(Factory, await AsAdminAsync());

        // A draft is not the recommender's to see, and an anonymous caller sees nothing.
        await Expect.ProblemAsync(await s.Recommender.GetAsync($"/api/applications/{s.ApplicationId}/form"), 404, "not-found");
        await Expect.StatusAsync(await Anonymous().GetAsync($"/api/applications/{s.ApplicationId}/form"), HttpStatusCode.Unauthorized);
    }
}
