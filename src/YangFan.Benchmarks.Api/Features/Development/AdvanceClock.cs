using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using FluentValidation;
using Mediator;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Development;

public static partial class AdvanceClock
{
    /// <summary>How far to move the clock forward: give exactly one of the two.</summary>
    /// <param name="Days">Whole days, 1 to 400.</param>
    /// <param name="Duration">An ISO 8601 duration in days, hours, minutes and seconds, such as P8D, PT36H or P7DT1M; more than zero and at most 400 days.</param>
    public sealed record Body(int? Days, string? Duration);

    public sealed record Command(int? Days, string? Duration) : ICommand<ClockView>;

    /// <summary>The clock after the advance, and how many timers the pass that followed it fired.</summary>
    /// <param name="Now">The time the API reads after the advance.</param>
    /// <param name="Offset">How far the clock is now ahead of the system clock (ISO 8601).</param>
    /// <param name="TimersFired">Durable timers that fell due and fired before this answer.</param>
    public sealed record Result(DateTimeOffset Now, string Offset, int TimersFired);

    // Years, months and weeks are left out: a month has no fixed length, and days say the same thing plainly.
    [GeneratedRegex(@"^P(?:(?<d>[0-9]{1,6})D)?(?:T(?:(?<h>[0-9]{1,7})H)?(?:(?<m>[0-9]{1,9})M)?(?:(?<s>[0-9]{1,11}(?:\.[0-9]{1,7})?)S)?)?\z")]
    private static partial Regex DurationPattern();

    /// <summary>The length of an ISO 8601 duration in days, hours, minutes and seconds; null when it is not one.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        var match = DurationPattern().Match(text ?? string.Empty);
        if (!match.Success || text!.EndsWith('T') || text == "P")
            return null;
        double Part(string name) => match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        return TimeSpan.FromDays(Part("d")) + TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s"));
    }

    private static TimeSpan Amount(Command command) =>
        command.Days is { } days ? TimeSpan.FromDays(days) : ParseDuration(command.Duration)!.Value;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Days).NotNull().When(c => c.Duration is null).WithMessage("Give days or duration.");
            RuleFor(c => c.Days).Null().When(c => c.Duration is not null).WithMessage("Give days or duration, not both.");
            RuleFor(c => c.Days).InclusiveBetween(1, (int)DevelopmentClock.MaxAdvance.TotalDays);
            RuleFor(c => c.Duration).MaximumLength(32);
            RuleFor(c => c.Duration).Custom((duration, context) =>
            {
                if (duration is null)
                    return;
                if (ParseDuration(duration) is not { } span)
                    context.AddFailure("Must be an ISO 8601 duration in days, hours, minutes and seconds, such as P8D or PT36H.");
                else if (span <= TimeSpan.Zero || span > DevelopmentClock.MaxAdvance)
                    context.AddFailure($"Must be more than zero and at most {DevelopmentClock.MaxAdvance.TotalDays} days.");
            });
        }
    }

    public sealed class Handler(TimeProvider time, AuditTrail audit) : ICommandHandler<Command, ClockView>
    {
        public ValueTask<ClockView> Handle(Command command, CancellationToken ct)
        {
            var clock = DevelopmentEndpoints.ClockOf(time);
            var from = clock.GetUtcNow();
            var by = Amount(command);
            clock.Advance(by);
            var view = ClockView.Of(clock);
            audit.Record("clock.advanced", "Clock", "development", new { from, by = XmlConvert.ToString(by), view.Now, view.Offset });
            return ValueTask.FromResult(view);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/clock/advance", async (Body body, ISender sender, TimerDispatcher dispatcher, CancellationToken ct) =>
            {
                // The advance commits first (with its audit event); then one dispatcher pass fires whatever fell due,
                // with no background pass of this process in between, so the answer comes after the timers fired.
                ClockView? clock = null;
                var fired = await dispatcher.DispatchDueAfterAsync(
                    async () => clock = await sender.Send(new Command(body.Days, body.Duration), ct), ct);
                return TypedResults.Ok(new Result(clock!.Now, clock.Offset, fired));
            })
            .WithName("AdvanceClock")
            .WithSummary("Moves the development clock forward, then fires the durable timers that fell due (admin only; Development:ClockControl).")
            .WithProblems(401, 403);
}
