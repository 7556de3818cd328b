using Npgsql;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace YangFan.Benchmarks.IntegrationTests.Infrastructure;

/// <summary>
/// Objections over HTTP as an objector files them: the form, then the code from the e-mail the submission wrote to the
/// outbox (read from its row, as the objector reads their mailbox), then the confirmation that makes it count.
/// </summary>
public static partial class Objections
{
    public const string Reason = "该企业申报材料中的部分应用成效数据与实际运行情况不符，请予核实。";
    public const string Email = "objector@example.cn";

    /// <summary>The multipart fields of an objection; <paramref name="contact"/> null leaves the optional phone out.</summary>
    public static MultipartFormDataContent Form(Guid entry, string email = Email, string? contact = "13900139000", string reason = Reason,
        byte[]? evidence = null, Guid? submissionId = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(entry.ToString()), "entry" },
            { new StringContent("王某"), "objectorName" },
            { new StringContent(email), "email" },
            { new StringContent(reason), "reason" },
        };
        if (contact is not null)
            form.Add(new StringContent(contact), "contact");
        if (submissionId is { } id)
            form.Add(new StringContent(id.ToString()), "submissionId");
        if (evidence is not null)
            form.Add(new ByteArrayContent(evidence), "evidence", "证据.pdf");
        return form;
    }

    /// <summary>Submits an objection (201) and answers its id, still unconfirmed.</summary>
    public static async Task<Guid> SubmitAsync(HttpClient client, Guid noticeId, MultipartFormDataContent form)
    {
        var sent = await Selection.SucceedAsync(client.PostAsync($"/api/notices/{noticeId}/objections", form));
        return (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("objectionId").GetGuid();
    }

    /// <summary>The code in the newest code e-mail written for the objection.</summary>
    public static async Task<string> CodeAsync(string connectionString, Guid objectionId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT \"Body\" FROM \"OutgoingEmails\" WHERE \"SourceId\" = '{objectionId}' AND \"Template\" = 'ObjectionCode' ORDER BY \"CreatedAt\" DESC LIMIT 1",
            connection);
        return CodeIn(await command.ExecuteScalarAsync() as string ?? throw new InvalidOperationException($"No code e-mail for objection {objectionId}."));
    }

    /// <summary>The six digits on the code line of a code e-mail, in either language.</summary>
    public static string CodeIn(string body) => CodeLine().Match(body) is { Success: true } m ? m.Groups[1].Value
        : throw new InvalidOperationException("No code in: " + body);

    /// <summary>Confirms the objection with the code from its e-mail (200).</summary>
    public static async Task ConfirmAsync(HttpClient client, string connectionString, Guid noticeId, Guid objectionId)
    {
        var code = await CodeAsync(connectionString, objectionId);
        await Selection.SucceedAsync(client.PostAsJsonAsync($"/api/notices/{noticeId}/objections/{objectionId}/confirmation", new { code }));
    }

    /// <summary>Submits an objection and confirms it with its e-mailed code: an open objection that holds its entry.</summary>
    public static async Task<Guid> FileAsync(HttpClient client, string connectionString, Guid noticeId, MultipartFormDataContent form)
    {
        var id = await SubmitAsync(client, noticeId, form);
        await ConfirmAsync(client, connectionString, noticeId, id);
        return id;
    }

    [GeneratedRegex(@"(?m)^(?:确认码：|Code: )(\d{6})\s*$")]
    private static partial Regex CodeLine();
}
