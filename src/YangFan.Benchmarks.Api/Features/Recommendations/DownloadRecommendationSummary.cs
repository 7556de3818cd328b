using Mediator;
using MiniExcelLibs;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;
using YangFan.Benchmarks.Domain.Exports;

namespace YangFan.Benchmarks.Api.Features.Recommendations;

/// <summary>
/// The recommender's authority's summary sheet (推荐汇总表) of a call as XLSX: the authority, the call and the day on
/// top, then the ranked list. The sheet is the Chinese document an authority hands to the ministry, so its labels are
/// Chinese whatever the reader's language.
/// </summary>
public static class DownloadRecommendationSummary
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public sealed record Query(Guid CallId) : IQuery<File>;

    /// <summary>The workbook and the name to save it under.</summary>
    public sealed record File(byte[] Content, string FileName);

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowLibrary workflows, TimeProvider time) : IQueryHandler<Query, File>
    {
        public async ValueTask<File> Handle(Query query, CancellationToken ct)
        {
            var (authority, call) = await RecommendationRankings.OwnAsync(db, user, workflows, query.CallId, ct);
            var summary = await RecommendationRankings.SummaryAsync(db, workflows, time, call, authority, ct);
            return new File(Workbook(summary), $"recommendation-summary-{summary.Date:yyyyMMdd}.xlsx");
        }
    }

    private static readonly string[] Columns = ["A", "B", "C", "D", "E", "F"];

    /// <summary>
    /// One sheet without a header row of its own: the heading lines, then the table's header and rows. Every text cell
    /// that starts with what the reader wrote goes through <see cref="SpreadsheetText.Neutralise"/>: a title or opinion like
    /// "=HYPERLINK(…)" stays text (CWE-1236); the heading lines start with their label.
    /// </summary>
    private static byte[] Workbook(RecommendationSummary summary)
    {
        var lines = new List<object?[]>
        {
            new object?[] { "推荐汇总表" },
            new object?[] { "推荐单位：" + summary.AuthorityNameZh },
            new object?[] { "申报批次：" + summary.CallTitleZh },
            new object?[] { "填报日期：" + summary.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) },
            new object?[] { "排名", "项目名称", "申报单位", "统一社会信用代码", "行业领域", "推荐意见" },
        };
        lines.AddRange(summary.Rows.Select(r => new object?[]
        {
            r.Application.Rank, SpreadsheetText.Neutralise(r.Application.Title), SpreadsheetText.Neutralise(r.Application.OrganisationName),
            SpreadsheetText.Neutralise(r.Application.CreditCode), SpreadsheetText.Neutralise(r.SectorZh ?? ""),
            SpreadsheetText.Neutralise(r.Application.Opinion ?? ""),
        }));
        using var stream = new MemoryStream();
        stream.SaveAs(lines.Select(line => Columns.Select((c, i) => (c, i < line.Length ? line[i] : null)).ToDictionary(x => x.c, x => x.Item2)),
            printHeader: false, sheetName: "推荐汇总表", excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/api/recommendations/calls/{callId:guid}/summary.xlsx", async (Guid callId, ISender sender, CancellationToken ct) =>
            {
                var file = await sender.Send(new Query(callId), ct);
                return Results.File(file.Content, ContentType, file.FileName);
            })
            .RequireAuthorization(p => p.RequireRole(Roles.Recommender))
            .ProducesFile(ContentType)
            .WithTags("Recommendations")
            .WithName("DownloadRecommendationSummary")
            .WithSummary("The authority's summary sheet (推荐汇总表) of a call as XLSX: its name, the call, the day (China time) and the ranked "
                + "list with each application's title, organisation, credit code, sector and opinion (recommenders only).")
            .WithProblems(401, 403, 404);
}
