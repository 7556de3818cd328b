namespace YangFan.Benchmarks.Api.Pages.Shared;

/// <summary>Deadlines and periods are shown in Beijing time, the time the programmes announce them in.</summary>
public static class ChinaTime
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static DateTimeOffset Of(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Zone);

    /// <summary>For a <c>&lt;time datetime&gt;</c> attribute.</summary>
    public static string Machine(DateTimeOffset moment) => Of(moment).ToString("yyyy-MM-ddTHH:mmzzz", System.Globalization.CultureInfo.InvariantCulture);

    public static string Display(DateTimeOffset moment) => Of(moment).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
