using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using YangFan.Benchmarks.Api.Features.Directories;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Performance.Load;

/// <summary>
/// Fills a migrated, reference-seeded database with a plan period at national scale: at the default scale 60,000
/// organisations, 100,000 applications over three benchmark calls and one call of each other programme, spread over
/// the workflow states, and a 10,000-entry directory of the last benchmark call. Every count scales with the number
/// of applications asked for (10,000 gives 3,000 per benchmark call; 300,000 gives 90,000). Bulk-loaded with COPY;
/// deterministic.
/// </summary>
public static class LoadSeeder
{
    public const int DefaultApplications = 100_000;
    private const int DirectoryEntries = 10_000;

    internal static readonly string[] Sectors =
    [
        "info-consumption", "converged-media", "industrial-internet", "internet-of-vehicles", "smart-logistics", "smart-ports",
        "smart-mining", "smart-power", "smart-oil-gas", "smart-agriculture", "smart-water", "smart-education", "smart-healthcare",
        "culture-tourism", "smart-city",
    ];

    internal static readonly string[] Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44", "45",
        "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    ];

    /// <summary>Where applications stand at the end of a plan period, apart from the published ones; weights in percent.</summary>
    private static readonly (string State, int Weight)[] Pipeline =
    [
        ("Draft", 8), ("Submitted", 6), ("FormalCheck", 4), ("ExpertReview", 8), ("Deliberation", 6), ("Shortlisted", 1),
        ("RejectionStaged", 1), ("PublicNotice", 2), ("Approved", 3), ("Declined", 10), ("Ineligible", 6), ("Rejected", 40),
        ("Withdrawn", 5),
    ];

    private sealed record CallRow(Guid Id, string Programme, int Year, int Batch, bool Sectors);

    private sealed record OrganisationRow(Guid Id, string Name, string CreditCode, string Province);

    /// <summary>What was seeded: the directory, the counts, and the calls (the three benchmark calls first, 2021 to 2023).</summary>
    public sealed record Seeded(Guid DirectoryId, int Applications, int DirectoryEntryCount, IReadOnlyList<Guid> CallIds, int BenchmarkApplicationsPerCall);

    public static async Task<Seeded> SeedAsync(string connectionString, DateTimeOffset now, int applicationCount = DefaultApplications)
    {
        var scale = applicationCount / (double)DefaultApplications;
        int Scaled(int count) => (int)Math.Round(count * scale);
        var perCall = Scaled(30_000);
        var organisationCount = Math.Max(Scaled(60_000), perCall);
        var directoryEntries = Math.Min(DirectoryEntries, perCall);
        var random = new Random(2026);
        await using var source = NpgsqlDataSource.Create(connectionString);
        await using var connection = await source.OpenConnectionAsync();
        // The throw-away cluster commits asynchronously. VACUUM can mark a page all-visible (what lets an index-only
        // scan skip the table) only once the commits of its rows are flushed, so this session commits synchronously.
        await using (var synchronous = new NpgsqlCommand("SET synchronous_commit = on", connection))
            await synchronous.ExecuteNonQueryAsync();

        var organisations = Enumerable.Range(0, organisationCount).Select(i =>
        {
            var province = Provinces[i % Provinces.Length];
            var first16 = $"91{province}0000{i + 10_000_000:D8}";
            var first17 = first16 + CreditCode.OrganisationCodeCheck(first16.AsSpan(8, 8));
            return new OrganisationRow(Guid.CreateVersion7(), $"第{i + 1}号五G应用科技有限公司", first17 + CreditCode.CodeCheck(first17), province);
        }).ToList();
        await CopyAsync(connection, "Organisations",
            ["Id", "Name", "CreditCode", "Kind", "ProvinceCode", "Address", "ContactPerson", "ContactPhone", "CreatedAt", "Version", "Verification"],
            organisations, async (w, o) =>
            {
                await w.WriteAsync(o.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(o.Name, NpgsqlDbType.Varchar);
                await w.WriteAsync(o.CreditCode, NpgsqlDbType.Varchar);
                await w.WriteAsync(nameof(OrganisationKind.Enterprise), NpgsqlDbType.Varchar);
                await w.WriteAsync(o.Province, NpgsqlDbType.Varchar);
                await w.WriteAsync("科技园区 1 号", NpgsqlDbType.Varchar);
                await w.WriteAsync("张工", NpgsqlDbType.Varchar);
                await w.WriteAsync("13800138000", NpgsqlDbType.Varchar);
                await w.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync(nameof(VerificationStatus.Verified), NpgsqlDbType.Varchar);
            });

        CallRow[] calls =
        [
            new(Guid.CreateVersion7(), "demonstration-benchmark", 2021, 1, true),
            new(Guid.CreateVersion7(), "demonstration-benchmark", 2022, 1, true),
            new(Guid.CreateVersion7(), "demonstration-benchmark", 2023, 1, true),
            new(Guid.CreateVersion7(), "solution-supplier", 2022, 1, false),
            new(Guid.CreateVersion7(), "innovation-centre", 2022, 1, false),
            new(Guid.CreateVersion7(), "security-centre", 2022, 1, false),
        ];
        await CopyAsync(connection, "Calls",
            ["Id", "ProgrammeKey", "Year", "Batch", "TitleZh", "TitleEn", "OpensAt", "ClosesAt", "Status", "WorkflowKey", "WorkflowVersion",
             "LifecycleVersion", "RecommenderQuota", "FormKey", "FormVersion", "CreatedAt", "Version"],
            calls, async (w, c) =>
            {
                await w.WriteAsync(c.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(c.Programme, NpgsqlDbType.Varchar);
                await w.WriteAsync(c.Year, NpgsqlDbType.Integer);
                await w.WriteAsync(c.Batch, NpgsqlDbType.Integer);
                await w.WriteAsync($"{c.Year} 年 {c.Programme} 第 {c.Batch} 批", NpgsqlDbType.Varchar);
                await w.WriteAsync($"{c.Year} {c.Programme}, batch {c.Batch}", NpgsqlDbType.Varchar);
                await w.WriteAsync(new DateTime(c.Year, 3, 1, 0, 0, 0, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
                await w.WriteAsync(new DateTime(c.Year, 6, 30, 9, 0, 0, DateTimeKind.Utc), NpgsqlDbType.TimestampTz);
                await w.WriteAsync("Finished", NpgsqlDbType.Varchar);
                await w.WriteAsync(c.Programme, NpgsqlDbType.Varchar);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync(30, NpgsqlDbType.Integer);
                await w.WriteAsync(c.Programme, NpgsqlDbType.Varchar);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
            });
        await CopyAsync(connection, "CallSectors", ["CallId", "SectorCode"],
            calls.Where(c => c.Sectors).SelectMany(c => Sectors.Select(s => (c.Id, s))).ToList(), async (w, r) =>
            {
                await w.WriteAsync(r.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(r.s, NpgsqlDbType.Varchar);
            });

        // Benchmark calls: 30,000 applications each (at the default scale), one organisation once per call, sectors
        // in turn. The first 10,000 of the last call are the published directory. Then 6,000 solution suppliers,
        // 2,000 innovation centres and 2,000 security centres (12 of them approved: the ceiling is 20).
        var applications = new List<ApplicationRow>(applicationCount);
        for (var c = 0; c < 3; c++)
        {
            for (var j = 0; j < perCall; j++)
            {
                var sector = Sectors[j % Sectors.Length];
                var state = c == 2 && j < directoryEntries ? "Published" : Pick(random, Pipeline);
                applications.Add(new ApplicationRow(Guid.CreateVersion7(), calls[c], organisations[(c * perCall + j) % organisationCount],
                    sector, state, $"5G+{sector} 示范应用项目 {c * perCall + j + 1}"));
            }
        }
        foreach (var (call, count, approved) in new[] { (calls[3], Scaled(6_000), 150), (calls[4], Scaled(2_000), 40), (calls[5], Scaled(2_000), 12) })
        {
            var unselected = Pipeline.Where(p => p.State is not ("Shortlisted" or "PublicNotice" or "Approved")).ToArray();
            for (var j = 0; j < count; j++)
                applications.Add(new ApplicationRow(Guid.CreateVersion7(), call, organisations[j % organisationCount], null,
                    j < approved ? "Approved" : Pick(random, unselected), $"{call.Programme} 申报 {j + 1}"));
        }
        var content = JsonSerializer.Serialize(new
        {
            projectTitle = "5G 全连接工厂示范项目", scenario = "在总装车间部署 5G 专网，实现机器视觉质检、AGV 调度和设备远程运维。",
            deploymentProvinceCode = "44", networkMode = "VirtualPrivateNetwork", networkSlicing = true, edgeComputing = true,
            terminalCount = 1200, investmentTenThousandYuan = 3500.5, startDate = "2023-03-01",
        });
        await CopyAsync(connection, "Applications",
            ["Id", "CallId", "OrganisationId", "ProgrammeKey", "WorkflowKey", "WorkflowVersion", "State", "StateEnteredAt", "ShownStateEnteredAt", "SectorCode",
             "SectorKey", "Title", "Content", "SubmittedAt", "SubmittedOrganisationName", "SubmittedProvinceCode", "ReviewRound", "CreatedAt", "Version", "ListingTime"],
            applications, async (w, a) =>
            {
                await w.WriteAsync(a.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(a.Call.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(a.Organisation.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(a.Call.Programme, NpgsqlDbType.Varchar);
                await w.WriteAsync(a.Call.Programme, NpgsqlDbType.Varchar);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                await w.WriteAsync(a.State, NpgsqlDbType.Varchar);
                await w.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz);
                if (a.Sector is null) await w.WriteNullAsync(); else await w.WriteAsync(a.Sector, NpgsqlDbType.Varchar);
                await w.WriteAsync(a.Sector ?? "", NpgsqlDbType.Varchar);
                await w.WriteAsync(a.Title, NpgsqlDbType.Varchar);
                await w.WriteAsync(content, NpgsqlDbType.Text);
                if (a.State == "Draft") await w.WriteNullAsync(); else await w.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz);
                // What a submission records (ADR 0013): the name and province the application is judged under.
                if (a.State == "Draft") await w.WriteNullAsync(); else await w.WriteAsync(a.Organisation.Name, NpgsqlDbType.Varchar);
                if (a.State == "Draft") await w.WriteNullAsync(); else await w.WriteAsync(a.Organisation.Province, NpgsqlDbType.Varchar);
                await w.WriteAsync(a.State is "Draft" or "Submitted" or "FormalCheck" ? 0 : 1, NpgsqlDbType.Integer);
                await w.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(1, NpgsqlDbType.Integer);
                // The listing's order (Application.ListingTime): the submission time, or infinity for a draft.
                if (a.State == "Draft") await w.WriteAsync(DateTimeOffset.MaxValue, NpgsqlDbType.TimestampTz); else await w.WriteAsync(now.UtcDateTime, NpgsqlDbType.TimestampTz);
            });

        var directoryId = Guid.CreateVersion7();
        var directoryCall = calls[2];
        var entries = applications.Where(a => a.Call == directoryCall && a.State == "Published").Select(a => new DirectoryEntry
        {
            Id = Guid.CreateVersion7(), DirectoryId = directoryId, ApplicationId = a.Id, OrganisationName = a.Organisation.Name,
            CreditCode = a.Organisation.CreditCode, Title = a.Title, SectorCode = a.Sector, ProvinceCode = a.Organisation.Province,
            Batch = $"{directoryCall.Year}-{directoryCall.Batch}",
        }).ToList();
        await using (var directory = new NpgsqlCommand("""
            INSERT INTO "Directories" ("Id", "CallId", "ProgrammeKey", "Number", "TitleZh", "TitleEn", "PublishedAt", "ContentHash", "SupersedesId", "EntryCount", "ActiveCount")
            VALUES (@id, @call, @programme, 1, @zh, @en, @at, @hash, NULL, @count, @count)
            """, connection))
        {
            directory.Parameters.AddWithValue("id", directoryId);
            directory.Parameters.AddWithValue("call", directoryCall.Id);
            directory.Parameters.AddWithValue("programme", directoryCall.Programme);
            directory.Parameters.AddWithValue("zh", "2023 年 5G 应用“扬帆”行动示范标杆名录");
            directory.Parameters.AddWithValue("en", "2023 5G demonstration benchmarks directory");
            directory.Parameters.AddWithValue("at", now.UtcDateTime);
            directory.Parameters.AddWithValue("hash", DirectoryEndpoints.Hash(entries));
            directory.Parameters.AddWithValue("count", entries.Count);
            await directory.ExecuteNonQueryAsync();
        }
        await CopyAsync(connection, "DirectoryEntries",
            ["Id", "DirectoryId", "ApplicationId", "OrganisationName", "CreditCode", "Title", "SectorCode", "ProvinceCode", "Batch", "Revoked", "RevokedReason"],
            entries, async (w, e) =>
            {
                await w.WriteAsync(e.Id, NpgsqlDbType.Uuid);
                await w.WriteAsync(e.DirectoryId, NpgsqlDbType.Uuid);
                await w.WriteAsync(e.ApplicationId, NpgsqlDbType.Uuid);
                await w.WriteAsync(e.OrganisationName, NpgsqlDbType.Varchar);
                await w.WriteAsync(e.CreditCode, NpgsqlDbType.Varchar);
                await w.WriteAsync(e.Title, NpgsqlDbType.Varchar);
                await w.WriteAsync(e.SectorCode!, NpgsqlDbType.Varchar);
                await w.WriteAsync(e.ProvinceCode, NpgsqlDbType.Varchar);
                await w.WriteAsync(e.Batch, NpgsqlDbType.Varchar);
                await w.WriteAsync(false, NpgsqlDbType.Boolean);
                await w.WriteNullAsync();
            });

        // Statistics and the visibility map, as autovacuum would leave them on a database that has been running.
        await using (var vacuum = new NpgsqlCommand("VACUUM ANALYZE", connection))
        {
            vacuum.CommandTimeout = 600;
            await vacuum.ExecuteNonQueryAsync();
        }
        return new Seeded(directoryId, applications.Count, entries.Count, calls.Select(c => c.Id).ToList(), perCall);
    }

    private sealed record ApplicationRow(Guid Id, CallRow Call, OrganisationRow Organisation, string? Sector, string State, string Title);

    private static string Pick(Random random, (string State, int Weight)[] weights)
    {
        var roll = random.Next(weights.Sum(w => w.Weight));
        foreach (var (state, weight) in weights)
        {
            if (roll < weight)
                return state;
            roll -= weight;
        }
        return weights[^1].State;
    }

    internal static async Task CopyAsync<T>(NpgsqlConnection connection, string table, string[] columns, IReadOnlyList<T> rows,
        Func<NpgsqlBinaryImporter, T, Task> write)
    {
        var columnList = string.Join(", ", columns.Select(c => $"\"{c}\""));
        await using var importer = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({columnList}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            await write(importer, row);
        }
        await importer.CompleteAsync();
    }
}
