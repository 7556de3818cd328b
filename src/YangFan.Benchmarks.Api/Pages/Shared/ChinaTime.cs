namespace YangFan.Benchmarks.Api.Pages.Shared;

/// <summary>Deadlines and periods are shown in Beijing time, the time the programmes announce them in.</summary>
public static class ChinaTime
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset Of(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Zone);

    /// <summary>For a <c>&lt;time datetime&gt;</c> attribute.</summary>
    public static string Machine(DateTimeOffset moment) => Of(moment).ToString("yyyy-MM-ddTHH:mmzzz", System.Globalization.CultureInfo.InvariantCulture);

    public static string Display(DateTimeOffset moment) => Of(moment).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>For an <c>&lt;input type="datetime-local"&gt;</c>, whose value is Beijing time without an offset.</summary>
    public static string Input(DateTimeOffset moment) => Of(moment).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A moment typed in Beijing time (<c>2026-03-01T09:00</c>, seconds optional); null when it is no such time.</summary>
    public static DateTimeOffset? Parse(string? typed)
    {
        if (!DateTime.TryParseExact(typed?.Trim(), ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm"],
                System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
            return null;
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
