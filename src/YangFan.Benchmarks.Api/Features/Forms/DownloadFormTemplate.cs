using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.Storage;
using YangFan.Benchmarks.Forms;

namespace YangFan.Benchmarks.Api.Features.Forms;

public static class DownloadFormTemplate
{
    public sealed record Query(string Key, int Version, string Kind) : IQuery<Template>;

    /// <summary>A template file: its bytes, type and name.</summary>
    public sealed record Template(byte[] Content, string MediaType, string FileName);

    private static readonly Dictionary<string, string> MediaTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".pdf"] = "application/pdf",
        [".txt"] = "text/plain; charset=utf-8",
        [".md"] = "text/markdown; charset=utf-8",
    };

    public sealed class Handler(AppDbContext db, IFileStore files) : IQueryHandler<Query, Template>
    {
        public async ValueTask<Template> Handle(Query query, CancellationToken ct)
        {
            // Drafts are the administrators' business; a template is public once its form is published.
            var stored = await db.Forms.AsNoTracking()
                .FirstOrDefaultAsync(f => f.Key == query.Key && f.Version == query.Version && f.Status == FormVersionStatus.Published, ct)
                ?? throw ProblemException.NotFound($"Form {query.Key} v{query.Version}");
            var template = FormLoader.Parse(stored.Content).Definition?.Attachments.FirstOrDefault(a => a.Kind == query.Kind)?.Template;
            // The version serves the bytes it was stored with, never what the file under forms/templates/ says today.
            if (template is null || !FormTemplates.Read(stored).TryGetValue(query.Kind, out var sha256))
                throw ProblemException.NotFound($"A template for '{query.Kind}' in form {query.Key} v{query.Version}");
            await using var content = await files.OpenAsync(sha256, ct);
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer, ct);
            return new Template(buffer.ToArray(), MediaTypes.GetValueOrDefault(Path.GetExtension(template), "application/octet-stream"),
                Path.GetFileName(template));
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{key:maxlength(64)}/{version:int:range(1,100000)}/templates/{kind:maxlength(64)}",
                async (string key, int version, string kind, ISender sender, CancellationToken ct) =>
                {
                    var template = await sender.Send(new Query(key, version, kind), ct);
                    return TypedResults.File(template.Content, template.MediaType, template.FileName);
                })
            .WithName("DownloadFormTemplate")
            .WithSummary("The template file of an attachment kind of a published form, for applicants to fill in (no sign-in needed).")
            .WithProblems(404);
}
