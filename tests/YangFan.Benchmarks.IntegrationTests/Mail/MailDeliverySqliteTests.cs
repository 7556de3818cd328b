using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using YangFan.Benchmarks.Api.Mail;
using YangFan.Benchmarks.IntegrationTests.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Mail;

/// <summary>The embedded default end to end: SQLite, no mail server, messages as <c>.eml</c> files in the data folder.</summary>
public sealed class MailDeliverySqliteTests : SqliteApiTest
{
    [Fact]
    public async Task On_the_embedded_default_an_e_mail_lands_as_an_eml_file_in_the_data_folder_and_reads_as_Sent()
    {
        await Calls.RegisterAsync(Factory.CreateClient(), "embedded@example.cn");
        await Factory.CreateClient().PostAsJsonAsync("/api/auth/password-reset", new { email = "embedded@example.cn" });
        var admin = await Calls.SignedInAsync(Factory, ApiFactory.AdminEmail, ApiFactory.AdminPassword);
        var pending = await admin.GetFromJsonAsync<JsonElement>("/api/outbox?status=Pending");
        var id = pending.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid();

        Assert.Equal(1, await Factory.Services.GetRequiredService<MailSender>().SendDueAsync(CancellationToken.None));

        var message = await EmlAssert.ReadAsync(Path.Combine(DataFolder, "mail"), id);
        Assert.Equal("扬帆行动：重置密码", message.Subject);
        Assert.Contains("有人请求重置您在扬帆行动申报系统的账户密码", message.TextBody);
        var sent = await admin.GetFromJsonAsync<JsonElement>("/api/outbox?status=Sent");
        Assert.Equal(id, sent.GetProperty("items").EnumerateArray().Single().GetProperty("id").GetGuid());
        Assert.Equal(0, await Factory.Services.GetRequiredService<MailSender>().SendDueAsync(CancellationToken.None));
    }
}
