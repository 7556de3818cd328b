using System.Xml;

namespace YangFan.Benchmarks.Workflows;

/// <summary>ISO-8601 durations (<c>P7D</c>, <c>PT36H</c>, <c>-P1D</c>); a year is 365 days and a month 30.</summary>
public static class IsoDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || !(text.StartsWith('P') || text.StartsWith("-P", StringComparison.Ordinal)))
            return false;
        try
        {
            duration = XmlConvert.ToTimeSpan(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var duration) ? duration : throw new FormatException($"'{text}' is not an ISO-8601 duration.");
}
