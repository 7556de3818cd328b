using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// <c>Idempotency-Key</c> handling: a retried request gets the first answer instead of acting twice. Keys are scoped
/// to the caller; concurrent retries of one key wait on a lock until the first commits.
/// </summary>
public sealed class Idempotency(AppDbContext db, TimeProvider time)
{
    /// <summary>A stored answer to replay.</summary>
    public sealed record Replay(string Body, string ETag);

    public const string Header = "Idempotency-Key";

    /// <summary>
    /// The request's <c>Idempotency-Key</c>, or null without one. The one rule for every endpoint that takes it: 1 to
    /// 100 visible ASCII characters, otherwise a 400 naming the header.
    /// </summary>
    public static string? KeyFrom(HttpRequest request)
    {
        var key = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key))
            return null;
        return key.Length <= 100 && key.All(c => c is >= '\x21' and <= '\x7E')
            ? key
            : throw ProblemException.Invalid(Header, "Must be 1 to 100 visible ASCII characters.");
    }

    public static string Hash(params object?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n", parts))));

    /// <summary>The earlier answer for this key and request, if any. Must run inside the command's transaction.</summary>
    public async Task<Replay?> FindAsync(Guid caller, string? key, string requestHash, CancellationToken ct)
    {
        if (key is null)
            return null;
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({caller + "/" + key}, 0))", ct);
        var earlier = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.CallerId == caller && r.Key == key, ct);
        if (earlier is null)
            return null;
        return earlier.RequestHash == requestHash
            ? new Replay(earlier.Body, earlier.ETag ?? "")
            : throw new ProblemException(StatusCodes.Status422UnprocessableEntity, ProblemTypes.IdempotencyKeyReused,
                "Idempotency key reused", $"Idempotency-Key '{key}' was already used for a different request.");
    }

    /// <summary>Keeps the answer for retries; committed with the command.</summary>
    public void Remember(Guid caller, string? key, string requestHash, string body, string etag)
    {
        if (key is null)
            return;
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            CallerId = caller, Key = key, RequestHash = requestHash, StatusCode = StatusCodes.Status200OK, Body = body, ETag = etag,
            CreatedAt = time.GetUtcNow(),
        });
    }
}
