namespace YangFan.Benchmarks.Api.Infrastructure;

/// <summary>Configuration section <c>Development</c>: tools that exist only to try the API out.</summary>
public sealed class DevelopmentOptions
{
    /// <summary>
    /// Register <see cref="DevelopmentClock"/> as the API's clock and map <c>/api/dev/clock</c>, so that a week-long
    /// public notice can be passed over HTTP. Refused in Production.
    /// </summary>
    public bool ClockControl { get; set; }
}

/// <summary>
/// The system clock plus an offset that only grows. Every deadline, timer, token lifetime and timestamp is read
/// from the DI <see cref="TimeProvider"/>, so moving this clock moves them all. Durations (timestamps, timers and
/// delays) are not shifted: an advance is a jump of the wall clock, not a faster clock.
/// </summary>
public sealed class DevelopmentClock(TimeProvider system) : TimeProvider
{
    /// <summary>The largest single advance, so that a typo cannot put the clock years ahead.</summary>
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(400);

    private long _offsetTicks;

    /// <summary>How far this clock is ahead of the system clock.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => system.GetUtcNow() + Offset;

    public override TimeZoneInfo LocalTimeZone => system.LocalTimeZone;

    public override long TimestampFrequency => system.TimestampFrequency;

    public override long GetTimestamp() => system.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        system.CreateTimer(callback, state, dueTime, period);

    /// <summary>Moves the clock forward by <paramref name="by"/>, which must be positive and at most <see cref="MaxAdvance"/>.</summary>
    public TimeSpan Advance(TimeSpan by)
    {
        if (by <= TimeSpan.Zero || by > MaxAdvance)
            throw new ArgumentOutOfRangeException(nameof(by), by, $"An advance must be positive and at most {MaxAdvance.TotalDays} days.");
        return TimeSpan.FromTicks(Interlocked.Add(ref _offsetTicks, by.Ticks));
    }

    /// <summary>
    /// The API's clock: this one when <c>Development:ClockControl</c> is on, otherwise the system clock. Production
    /// refuses to start with it on, because it would let an administrator end notices and expire tokens at will.
    /// </summary>
    public static TimeProvider Resolve(DevelopmentOptions options, IHostEnvironment environment)
    {
        if (!options.ClockControl)
            return TimeProvider.System;
        if (environment.IsProduction())
            throw new InvalidOperationException(
                "Development:ClockControl is on in the Production environment. The development clock lets an administrator " +
                "move the time every deadline, notice and token is judged by; it is for trying the API out only. Remove the " +
                "setting (or set Development__ClockControl=false) to start in Production.");
        return new DevelopmentClock(TimeProvider.System);
    }
}
