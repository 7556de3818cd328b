using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// A command that accepts an <c>Idempotency-Key</c>: a retry with the same key and request gets the first answer
/// instead of acting twice (<see cref="IdempotencyBehaviour{TMessage, TResponse}"/>).
/// </summary>
public interface IIdempotentCommand
{
    /// <summary>The request's key (<see cref="Idempotency.KeyFrom"/>), or null without one.</summary>
    string? IdempotencyKey { get; }

    /// <summary>What identifies the request apart from its key: the same key with another hash is refused.</summary>
    string RequestHash();
}

/// <summary>What the idempotency behaviour did for this request; the endpoint reads it to say so in a header.</summary>
public sealed class IdempotencyOutcome
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>True when the answer is an earlier identical request's, and the handler did not run.</summary>
    public bool Replayed { get; set; }

    public void MarkReplayed(HttpResponse response)
    {
        if (Replayed)
            response.Headers[ReplayedHeader] = "true";
    }
}

/// <summary><c>Idempotency-Key</c> handling shared by the endpoints that take the header.</summary>
public static class Idempotency
{
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
}

/// <summary>
/// Runs inside <see cref="TransactionBehaviour{TMessage, TResponse}"/>: the lookup, the command and the stored answer
/// share one transaction. Keys are scoped to the caller; concurrent retries of one key wait on a lock until the first
/// commits. The answer is kept as the JSON the HTTP layer writes, so a replay's body is the first answer's.
/// </summary>
public sealed class IdempotencyBehaviour<TMessage, TResponse>(AppDbContext db, ICurrentUser user, TimeProvider time,
    IOptions<HttpJsonOptions> json, IdempotencyOutcome outcome) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IIdempotentCommand, IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        if (message.IdempotencyKey is not { } key)
            return await next(message, ct);

        var caller = user.RequireId();
        var requestHash = message.RequestHash();
        if (db.Provider == DatabaseProvider.Postgres)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({caller + "/" + key}, 0))", ct);
        var earlier = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.CallerId == caller && r.Key == key, ct);
        if (earlier is not null)
        {
            if (earlier.RequestHash != requestHash)
                throw ProblemException.IdempotencyKeyReused(key);
            outcome.Replayed = true;
            return JsonSerializer.Deserialize<TResponse>(earlier.Body, json.Value.SerializerOptions)!;
        }

        var response = await next(message, ct);
        db.IdempotencyRecords.Add(new IdempotencyRecord
        {
            CallerId = caller, Key = key, RequestHash = requestHash, StatusCode = StatusCodes.Status200OK,
            Body = JsonSerializer.Serialize(response, json.Value.SerializerOptions),
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return response;
    }
}
