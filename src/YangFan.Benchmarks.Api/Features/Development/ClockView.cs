using System.Xml;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.Api.Features.Development;

/// <summary>The API's clock.</summary>
/// <param name="Now">The time the API reads now: the system time plus the offset.</param>
/// <param name="Offset">How far the clock is ahead of the system clock, as an ISO 8601 duration (e.g. P8D).</param>
public sealed record ClockView(DateTimeOffset Now, string Offset)
{
    public static ClockView Of(DevelopmentClock clock) => new(clock.GetUtcNow(), XmlConvert.ToString(clock.Offset));
}
