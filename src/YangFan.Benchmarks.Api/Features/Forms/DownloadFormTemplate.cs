using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.FormHost;
using YangFan.Benchmarks.Api.Infrastructure;

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

    public sealed class Handler(AppDbContext db, FormLibrary forms, FormOptions options) : IQueryHandler<Query, Template>
    {
        public async ValueTask<Template> Handle(Query query, CancellationToken ct)
        {
            // Drafts are the administrators' business; a template is public once its form is published.
            if (!await db.Forms.AnyAsync(f => f.Key == query.Key && f.Version == query.Version && f.Status == FormVersionStatus.Published, ct))
                throw ProblemException.NotFound($"Form {query.Key} v{query.Version}");
            var form = await forms.CompiledAsync(query.Key, query.Version, ct);
            var template = form.Definition.Attachments.FirstOrDefault(a => a.Kind == query.Kind)?.Template
                ?? throw ProblemException.NotFound($"A template for '{query.Kind}' in form {query.Key} v{query.Version}");
            // The validator keeps a template's path to a file name under templates/, so it cannot leave the folder.
            var path = Path.Combine(options.Folder, template);
            if (!File.Exists(path))
                throw ProblemException.NotFound($"The template file of '{query.Kind}'");
            var content = await File.ReadAllBytesAsync(path, ct);
            return new Template(content, MediaTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream"), Path.GetFileName(path));
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
