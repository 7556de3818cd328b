using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
using MiniExcelLibs;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Exports;

namespace YangFan.Benchmarks.Api.Features.Directories;

public static class ExportDirectory
{
    public sealed record Query(Guid Id, string Format) : IQuery<(byte[] Content, string ContentType, string FileName, string Hash)>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Format).Must(f => f is "csv" or "xlsx" or "json").WithMessage("Must be csv, xlsx or json.");
    }

    public sealed class Handler(AppDbContext db, DirectoryHashes hashes) : IQueryHandler<Query, (byte[], string, string, string)>
    {
        public async ValueTask<(byte[], string, string, string)> Handle(Query query, CancellationToken ct)
        {
            var directory = await DirectoryEndpoints.LoadAsync(db, query.Id, ct);
            hashes.Remember(directory.Id, directory.ContentHash, directory.PublishedAt);
            var rows = directory.Entries.OrderBy(e => e.CreditCode, StringComparer.Ordinal).ThenBy(e => e.ApplicationId).Select(DirectoryEndpoints.View).ToList();
            var name = $"directory-{directory.ProgrammeKey}-v{directory.Number}.{query.Format}";
            return query.Format switch
            {
                "json" => (JsonSerializer.SerializeToUtf8Bytes(rows, JsonSerializerOptions.Web), "application/json", name, directory.ContentHash),
                "csv" => (Csv(rows), "text/csv; charset=utf-8", name, directory.ContentHash),
                _ => (Xlsx(rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name, directory.ContentHash),
            };
        }

        // Every column of both spreadsheet formats is text, so every value goes through SpreadsheetText.Neutralise:
        // a name or reason like "=HYPERLINK(…)" must stay text when the file is opened (CWE-1236).
        private static readonly string[] Columns =
            ["organisationName", "creditCode", "title", "sectorCode", "provinceCode", "batch", "revoked", "revokedReason"];

        private static string?[] Cells(DirectoryEntryView r) =>
            new[] { r.OrganisationName, r.CreditCode, r.Title, r.SectorCode, r.ProvinceCode, r.Batch, r.Revoked ? "true" : "false", r.RevokedReason }
                .Select(SpreadsheetText.Neutralise).ToArray();

        /// <summary>UTF-8 with a byte-order mark, so that Excel shows Chinese correctly.</summary>
        private static byte[] Csv(IEnumerable<DirectoryEntryView> rows)
        {
            var text = new StringBuilder();
            text.Append(string.Join(",", Columns)).Append("\r\n");
            foreach (var r in rows)
                text.Append(string.Join(",", Cells(r).Select(c => Quote(c ?? "")))).Append("\r\n");
            return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
        }

        private static string Quote(string value) =>
            value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

        private static byte[] Xlsx(IEnumerable<DirectoryEntryView> rows)
        {
            using var stream = new MemoryStream();
            stream.SaveAs(rows.Select(r => Columns.Zip(Cells(r)).ToDictionary(c => c.First, c => (object?)c.Second)), excelType: ExcelType.XLSX);
            return stream.ToArray();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{id:guid}/export", async (Guid id, HttpContext http, ISender sender, DirectoryHashes hashes, CancellationToken ct,
                string format = "csv") =>
            {
                if (hashes.TryGet(id, out var known) && DirectoryEndpoints.NotModified(http, known + "-" + format))
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                var (content, contentType, name, hash) = await sender.Send(new Query(id, format), ct);
                if (DirectoryEndpoints.NotModified(http, hash + "-" + format))
                    return Results.StatusCode(StatusCodes.Status304NotModified);
                return Results.File(content, contentType, name);
            })
            .ProducesFile("text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/json")
            .WithName("ExportDirectory")
            .WithSummary("The whole directory version as CSV (UTF-8 with BOM), XLSX or JSON.")
            .WithProblems(304, 404);
}
