using System.Diagnostics;
using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Telemetry;

/// <summary>
/// First in the Mediator pipeline: one span per command or query, named after its use case, so the database work and
/// workflow transitions it causes sit under it in the request's trace. A refusal the client caused (a problem, a
/// validation failure) is tagged, not marked as an error: like a 4xx, it is the client's, not the server's.
/// </summary>
public sealed class TracingBehaviour<TMessage, TResponse>(AppTelemetry telemetry) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly string UseCase = typeof(TMessage).DeclaringType?.Name ?? typeof(TMessage).Name;
    private static readonly string Kind = typeof(IBaseCommand).IsAssignableFrom(typeof(TMessage)) ? "command" : "query";

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken ct)
    {
        using var activity = telemetry.Source.StartActivity(UseCase);
        if (activity is null)
            return await next(message, ct);
        activity.SetTag("yangfan.use_case", UseCase);
        activity.SetTag("yangfan.message.kind", Kind);
        try
        {
            return await next(message, ct);
        }
        catch (ProblemException problem)
        {
            activity.SetTag("yangfan.problem.type", problem.Type);
            throw;
        }
        catch (ValidationException)
        {
            activity.SetTag("yangfan.problem.type", ProblemTypes.Validation);
            throw;
        }
        catch (Exception ex)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            activity.SetTag("error.type", ex.GetType().FullName);
            throw;
        }
    }
}
