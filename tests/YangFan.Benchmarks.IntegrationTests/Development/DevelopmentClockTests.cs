using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using YangFan.Benchmarks.Api.Features.Development;
using YangFan.Benchmarks.Api.Infrastructure;

namespace YangFan.Benchmarks.IntegrationTests.Development;

/// <summary>
/// The development clock on its own, with no API or database. It lives in the Api project, which the unit-test
/// project does not reference, so its tests sit here.
/// </summary>
public sealed class DevelopmentClockTests
{
    private readonly FakeTimeProvider _system = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void It_reads_the_system_time_until_it_is_advanced()
    {
        var clock = new DevelopmentClock(_system);

        Assert.Equal(_system.GetUtcNow(), clock.GetUtcNow());
        Assert.Equal(TimeSpan.Zero, clock.Offset);
    }

    [Fact]
    public void Advances_add_up_and_the_system_time_keeps_running_underneath()
    {
        var clock = new DevelopmentClock(_system);

        clock.Advance(TimeSpan.FromDays(8));
        clock.Advance(TimeSpan.FromHours(1));
        _system.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.FromDays(8) + TimeSpan.FromHours(1), clock.Offset);
        Assert.Equal(_system.GetUtcNow() + clock.Offset, clock.GetUtcNow());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-86_400)]
    [InlineData(400 * 86_400 + 1)]
    public void It_never_moves_back_nor_further_than_400_days_at_once(int seconds)
    {
        var clock = new DevelopmentClock(_system);
        clock.Advance(TimeSpan.FromDays(1));
        var before = clock.GetUtcNow();

        Assert.Throws<ArgumentOutOfRangeException>(() => clock.Advance(TimeSpan.FromSeconds(seconds)));

        Assert.Equal(before, clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromDays(1), clock.Offset);
    }

    [Fact]
    public void Concurrent_advances_all_count_and_its_readings_never_decrease()
    {
        var clock = new DevelopmentClock(TimeProvider.System);
        var last = clock.GetUtcNow();
        var decreased = false;

        Parallel.For(0, 1_000, i =>
        {
            if (i % 10 == 0)
                clock.Advance(TimeSpan.FromSeconds(1));
        });
        for (var i = 0; i < 1_000; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            var now = clock.GetUtcNow();
            decreased |= now < last;
            last = now;
        }

        Assert.False(decreased);
        Assert.Equal(TimeSpan.FromSeconds(100) + TimeSpan.FromMilliseconds(1_000), clock.Offset);
    }

    [Fact]
    public void Durations_are_not_shifted_timestamps_and_timers_are_the_systems()
    {
        var clock = new DevelopmentClock(_system);
        var start = clock.GetTimestamp();

        clock.Advance(TimeSpan.FromDays(8));
        _system.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromSeconds(3), clock.GetElapsedTime(start));
    }

    [Fact]
    public void It_is_the_apis_clock_only_when_switched_on_and_never_in_production()
    {
        Assert.Same(TimeProvider.System, DevelopmentClock.Resolve(new DevelopmentOptions(), Environment("Production")));
        Assert.Same(TimeProvider.System, DevelopmentClock.Resolve(new DevelopmentOptions(), Environment("Development")));
        Assert.IsType<DevelopmentClock>(DevelopmentClock.Resolve(new DevelopmentOptions { ClockControl = true }, Environment("Development")));

        var refused = Assert.Throws<InvalidOperationException>(() =>
            DevelopmentClock.Resolve(new DevelopmentOptions { ClockControl = true }, Environment("Production")));
        Assert.Contains("Development:ClockControl", refused.Message);
    }

    [Theory]
    [InlineData("P8D", 8 * 86_400)]
    [InlineData("PT36H", 36 * 3_600)]
    [InlineData("P7DT1M", 7 * 86_400 + 60)]
    [InlineData("PT90M", 90 * 60)]
    [InlineData("PT0.5S", 0.5)]
    [InlineData("P1DT2H3M4S", 86_400 + 7_200 + 180 + 4)]
    public void Durations_are_read_in_days_hours_minutes_and_seconds(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), AdvanceClock.ParseDuration(text));

    [Theory]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P8DT")]
    [InlineData("P1Y")]
    [InlineData("P1M")]
    [InlineData("P1W")]
    [InlineData("-P1D")]
    [InlineData("p8d")]
    [InlineData("8 days")]
    [InlineData("P8D ")]
    [InlineData("P8D\n")]
    [InlineData("P\u0668D")]
    public void Anything_else_is_not_a_duration(string text) => Assert.Null(AdvanceClock.ParseDuration(text));

    private static IHostEnvironment Environment(string name) => new StubEnvironment { EnvironmentName = name };

    private sealed class StubEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "";
        public string ApplicationName { get; set; } = "YangFan.Benchmarks.Api";
        public string ContentRootPath { get; set; } = "";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
