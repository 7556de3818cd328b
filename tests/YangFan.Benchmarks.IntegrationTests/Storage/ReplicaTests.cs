using System.Net;
using System.Security.Cryptography;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;
using static YangFan.Benchmarks.IntegrationTests.Pages.PageTests;

namespace YangFan.Benchmarks.IntegrationTests.Storage;

/// <summary>
/// Issue 18's "done when": two API processes, each its own operating-system process with its own data directory,
/// on one PostgreSQL database and one S3 bucket, as replicas behind a load balancer are. A file uploaded through one
/// is downloaded through the other byte for byte, and a page sign-in made on one is a session on the other.
/// </summary>
public sealed class ReplicaTests(ApiFixture fixture, S3rverServer s3) : ApiTest(fixture), IClassFixture<S3rverServer>
{
    [Fact]
    public async Task Two_api_processes_on_one_database_and_bucket_share_uploaded_files_and_page_sessions()
    {
        var connectionString = await Fixture.Server.CreateDatabaseAsync($"yangfan_replicas_{Guid.NewGuid():N}");
        var dataDirectories = new[] { Directory.CreateTempSubdirectory("yangfan-replica-"), Directory.CreateTempSubdirectory("yangfan-replica-") };
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var prefix = $"replicas-{Guid.NewGuid():N}/";
        // The first migrates and seeds the new database; the second then finds it ready, as a rolling start would.
        await using var first = await ApiProcess.StartAsync(ApiProcess.BuiltApi(), Settings(connectionString, dataDirectories[0].FullName, signingKey, prefix));
        await using var second = await ApiProcess.StartAsync(ApiProcess.BuiltApi(), Settings(connectionString, dataDirectories[1].FullName, signingKey, prefix));

        // A file through one, back through the other: 12 MB, so it also crosses as a multipart upload.
        using var anonymous = first.Client();
        await Calls.RegisterAsync(anonymous, "replica-member@example.cn");
        var token = (await Calls.TokenAsync(anonymous, "replica-member@example.cn", Applicants.Password)).GetProperty("accessToken").GetString()!;
        using var memberOnFirst = first.Client().WithBearer(token);
        using var memberOnSecond = second.Client().WithBearer(token);
        var organisationId = await OrganisationSteps.OrganisationOfAsync(memberOnFirst);
        byte[] licence = [.. TestData.LicencePdf, .. RandomNumberGenerator.GetBytes(12 * 1024 * 1024)];
        var uploaded = await OrganisationSteps.UploadAsync(memberOnFirst, organisationId, "BusinessLicence", licence, "营业执照.pdf");
        await Expect.StatusAsync(uploaded, HttpStatusCode.Created);

        var downloaded = await memberOnSecond.GetAsync(uploaded.Headers.Location);

        await Expect.StatusAsync(downloaded, HttpStatusCode.OK);
        Assert.Equal(SHA256.HashData(licence), SHA256.HashData(await downloaded.Content.ReadAsByteArrayAsync()));
        // The content is in the bucket, in neither process's data directory.
        Assert.All(dataDirectories, d => Assert.False(Directory.Exists(Path.Combine(d.FullName, "attachments"))));

        // One browser: the same cookies go to whichever process the load balancer picks.
        var cookies = new CookieContainer();
        using var browserOnFirst = first.Client(new SocketsHttpHandler { CookieContainer = cookies });
        using var browserOnSecond = second.Client(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        await SignInThroughTheFormAsync(browserOnFirst);

        var inbox = await browserOnSecond.GetAsync("/notifications");

        await Expect.StatusAsync(inbox, HttpStatusCode.OK);
        Assert.Contains("已登录：Administrator", await inbox.Content.ReadAsStringAsync());
        using var stranger = second.Client(new SocketsHttpHandler { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync("/notifications")).StatusCode);

        foreach (var directory in dataDirectories)
            try { directory.Delete(recursive: true); } catch (IOException) { }
    }

    private Dictionary<string, string?> Settings(string connectionString, string dataDirectory, string signingKey, string prefix)
    {
        var settings = s3.Settings(prefix);
        settings["Database:Provider"] = "Postgres";
        settings["ConnectionStrings:Postgres"] = connectionString;
        settings["Database:DataDirectory"] = dataDirectory;
        settings["Auth:SigningKey"] = signingKey;
        settings["Bootstrap:AdminEmail"] = ApiFactory.AdminEmail;
        settings["Bootstrap:AdminPassword"] = ApiFactory.AdminPassword;
        settings["Seed:DemoData"] = "false";
        settings["Logging:LogLevel:Default"] = "Warning";
        return settings;
    }
}
