using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Forms;

public static class GetFormVersion
{
    public sealed record Query(string Key, int Version) : IQuery<Response>;

    /// <summary>A stored version with its definition as JSON.</summary>
    public sealed record Response(string Key, int Version, string Status, string ContentHash, DateTimeOffset? PublishedAt, JsonElement Definition);

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, Response>
    {
        public async ValueTask<Response> Handle(Query query, CancellationToken ct)
        {
            var stored = await db.Forms.AsNoTracking().FirstOrDefaultAsync(f => f.Key == query.Key && f.Version == query.Version, ct)
                ?? throw ProblemException.NotFound($"Form {query.Key} v{query.Version}");
            using var document = JsonDocument.Parse(stored.Content, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return new Response(stored.Key, stored.Version, stored.Status.ToString(), stored.ContentHash, stored.PublishedAt, document.RootElement.Clone());
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("/{key:maxlength(64)}/versions/{version:int:range(1,100000)}", async (string key, int version, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Query(key, version), ct)))
            .WithName("GetFormVersion")
            .WithSummary("One version of a form definition (admin only).")
            .WithProblems(401, 403, 404);
}
