using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>
/// The limits on a request's line (414) and headers (431). Kestrel answers a request over its own limits before the
/// application runs, with no body. So Kestrel is given twice these limits and the API enforces these, with a problem;
/// only a request over twice the limit still gets Kestrel's bodiless answer.
/// </summary>
public static class RequestHeadLimits
{
    public const int MaxRequestLineBytes = 8 * 1024;
    public const int MaxHeaderBytes = 32 * 1024;

    public static void Configure(KestrelServerLimits limits)
    {
        limits.MaxRequestLineSize = 2 * MaxRequestLineBytes;
        limits.MaxRequestHeadersTotalSize = 2 * MaxHeaderBytes;
    }
}

public sealed class RequestHeadLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value + request.QueryString.Value;
        var line = request.Method.Length + 1 + target.Length + 1 + request.Protocol.Length;
        if (line > RequestHeadLimits.MaxRequestLineBytes)
            throw ProblemException.UriTooLong(line, RequestHeadLimits.MaxRequestLineBytes);
        var headers = request.Headers.Sum(h => h.Key.Length + 4 + h.Value.Sum(v => System.Text.Encoding.UTF8.GetByteCount(v ?? "")));
        if (headers > RequestHeadLimits.MaxHeaderBytes)
            throw ProblemException.HeadersTooLarge(headers, RequestHeadLimits.MaxHeaderBytes);
        return next(context);
    }
}
