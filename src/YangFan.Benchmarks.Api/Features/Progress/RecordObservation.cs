using System.Text.RegularExpressions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Reference;

namespace YangFan.Benchmarks.Api.Features.Progress;

public static partial class RecordObservation
{
    /// <summary>A reported value of an indicator.</summary>
    /// <param name="Period">A year (2023) or a month (2023-09).</param>
    /// <param name="Region">"national" or a two-digit province code.</param>
    /// <param name="Value">The reported value in the indicator's unit.</param>
    /// <param name="Source">Where it was published.</param>
    public sealed record Body(string Period, string Region, decimal Value, string Source);

    public sealed record Command(string Code, Body Body) : ICommand<Unit>;

    [GeneratedRegex("^(20[0-9]{2})(-(0[1-9]|1[0-2]))?$")]
    private static partial Regex PeriodPattern();

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.Period).NotEmpty().Matches(PeriodPattern()).WithMessage("Must be a year (2023) or a month (2023-09).")
                .OverridePropertyName("period");
            RuleFor(c => c.Body.Region).NotEmpty().Matches("^(national|[0-9]{2})$")
                .WithMessage("Must be 'national' or a two-digit province code.").OverridePropertyName("region");
            RuleFor(c => c.Body.Value).InclusiveBetween(0m, 1_000_000_000m).OverridePropertyName("value");
            RuleFor(c => c.Body.Source).NotEmpty().MinimumLength(4).MaximumLength(500).OverridePropertyName("source");
        }
    }

    public sealed class Handler(AppDbContext db, AuditTrail audit) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken ct)
        {
            if (!await db.Indicators.AnyAsync(i => i.Code == command.Code, ct))
                throw ProblemException.NotFound($"Indicator '{command.Code}'");
            var b = command.Body;
            if (b.Region != "national" && !await db.Provinces.AnyAsync(p => p.Code == b.Region, ct))
                throw ProblemException.Invalid("region", $"'{b.Region}' is not a known province code.");
            var source = b.Source.Trim();
            if (await db.IndicatorObservations.AnyAsync(o => o.IndicatorCode == command.Code && o.Period == b.Period && o.Region == b.Region && o.Source == source, ct))
                throw ProblemException.Duplicate("This source already reported a value for that period and region.");
            db.IndicatorObservations.Add(new IndicatorObservation
            {
                Id = Guid.NewGuid(), IndicatorCode = command.Code, Period = b.Period, Region = b.Region, Value = b.Value, Source = source,
            });
            audit.Record("indicator.observed", "Indicator", command.Code, b);
            return Unit.Value;
        }
    }

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/indicators/{code:maxlength(64)}/observations", async (string code, Body body, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new Command(code, body), ct);
                return TypedResults.Created("/api/indicators");
            })
            .RequireAuthorization(Policies.Admin)
            .WithTags("Reference data")
            .WithName("RecordObservation")
            .WithSummary("Records a reported value of a plan indicator (admin only).")
            .WithProblems(401, 403, 404, 409);
}
