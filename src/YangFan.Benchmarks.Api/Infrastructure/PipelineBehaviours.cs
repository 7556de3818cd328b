using System.Diagnostics;
using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>First in the pipeline: invalid input never reaches a handler or opens a transaction.</summary>
public sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, ct);
            failures.AddRange(result.Errors);
        }
        if (failures.Count > 0)
            throw new ValidationException(failures);
        return await next(message, ct);
    }
}

/// <summary>Logs each message with its duration and outcome.</summary>
public sealed class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger, TimeProvider time)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var name = typeof(TMessage).DeclaringType?.Name ?? typeof(TMessage).Name;
        try
        {
            var response = await next(message, ct);
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("{Message} handled in {ElapsedMs:0.0} ms", name, time.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception ex)
        {
            logger.LogInformation("{Message} failed in {ElapsedMs:0.0} ms: {Error}", name, time.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name);
            throw;
        }
    }
}

/// <summary>
/// One database transaction per command: the handler's changes and the audit events it recorded are committed
/// together or not at all. The events go in unsealed and take no lock; after commit the sealer is nudged to chain
/// them (docs/decisions/0019).
/// </summary>
public sealed class TransactionBehaviour<TMessage, TResponse>(AppDbContext db, AuditTrail audit)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IBaseCommand
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
            return await next(message, ct);

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // A failed statement fails the command and rolls everything back, so EF Core's savepoint around each
        // SaveChanges (two statements more per save) buys nothing. A handler that recovers from a failed save inside
        // the transaction takes its own savepoint (MarkNotificationRead).
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            var response = await next(message, ct);
            await audit.FlushAsync(ct);
            await transaction.CommitAsync(ct);
            audit.Committed();
            return response;
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
        }
    }
}
