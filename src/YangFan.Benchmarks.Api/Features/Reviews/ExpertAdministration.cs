using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auditing;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Domain.Organisations;

namespace YangFan.Benchmarks.Api.Features.Reviews;

/// <summary>An expert as administrators manage them.</summary>
public sealed record ExpertView(Guid Id, string Email, string DisplayName, string? AffiliationCreditCode, string? ProvinceCode,
    IReadOnlyList<string> Sectors, int MaxAssignmentsPerCall, bool Active, bool Disabled, IReadOnlyList<DeclaredConflictView> DeclaredConflicts,
    int ActiveAssignments);

/// <summary>An organisation the expert must not review.</summary>
public sealed record DeclaredConflictView(string CreditCode, string Reason, DateTimeOffset CreatedAt);

public static class ExpertEndpoints
{
    public static void MapExpertEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/experts").WithTags("Experts").RequireAuthorization(Policies.Admin);
        ListExperts.Map(group);
        UpdateExpert.Map(group);
        ExpertConflicts.Map(group);
    }

    public static async Task<ExpertView> ViewAsync(AppDbContext db, Guid id, CancellationToken ct)
    {
        var expert = await db.Users.AsNoTracking().Include(u => u.ExpertSectors).FirstOrDefaultAsync(u => u.Id == id && u.Role == Roles.Expert, ct)
            ?? throw ProblemException.NotFound("The expert");
        var conflicts = await db.ExpertConflicts.AsNoTracking().Where(c => c.ExpertId == id).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        var active = await db.Assignments.CountAsync(a => a.ExpertId == id && a.Status == AssignmentStatus.Assigned, ct);
        return From(expert, conflicts, active);
    }

    public static ExpertView From(AppUser e, IEnumerable<ExpertConflict> conflicts, int active) => new(e.Id, e.Email!, e.DisplayName,
        e.AffiliationCreditCode, e.ExpertProvinceCode, e.ExpertSectors.Select(s => s.SectorCode).Order().ToList(), e.MaxAssignmentsPerCall,
        e.ExpertActive, e.IsDisabled, conflicts.Select(c => new DeclaredConflictView(c.CreditCode, c.Reason, c.CreatedAt)).ToList(), active);
}

public static class ListExperts
{
    public sealed record Query(string? Sector, string? Province) : IQuery<IReadOnlyList<ExpertView>>;

    public sealed class Handler(AppDbContext db) : IQueryHandler<Query, IReadOnlyList<ExpertView>>
    {
        public async ValueTask<IReadOnlyList<ExpertView>> Handle(Query query, CancellationToken ct)
        {
            var experts = db.Users.AsNoTracking().Include(u => u.ExpertSectors).Where(u => u.Role == Roles.Expert);
            if (query.Sector is { } sector) experts = experts.Where(u => u.ExpertSectors.Any(s => s.SectorCode == sector));
            if (query.Province is { } province) experts = experts.Where(u => u.ExpertProvinceCode == province);
            var list = await experts.OrderBy(u => u.Email).ToListAsync(ct);
            var ids = list.Select(e => e.Id).ToList();
            var conflicts = (await db.ExpertConflicts.AsNoTracking().Where(c => ids.Contains(c.ExpertId)).ToListAsync(ct)).ToLookup(c => c.ExpertId);
            var load = await db.Assignments.Where(a => ids.Contains(a.ExpertId) && a.Status == AssignmentStatus.Assigned)
                .GroupBy(a => a.ExpertId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            return list.Select(e => ExpertEndpoints.From(e, conflicts[e.Id], load.GetValueOrDefault(e.Id))).ToList();
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, string? sector = null, string? province = null) =>
                TypedResults.Ok(await sender.Send(new Query(sector, province), ct)))
            .WithName("ListExperts")
            .WithSummary("Experts with their profile, capacity, declared conflicts and open assignments (admin only).")
            .WithProblems(401, 403);
}

public static class UpdateExpert
{
    /// <summary>An expert's profile.</summary>
    /// <param name="AffiliationCreditCode">Credit code of the expert's employer.</param>
    /// <param name="ProvinceCode">Where the expert is based.</param>
    /// <param name="Sectors">Sectors of expertise.</param>
    /// <param name="MaxAssignmentsPerCall">The most applications the expert reviews in one call.</param>
    /// <param name="Active">Inactive experts are never assigned.</param>
    public sealed record Body(string AffiliationCreditCode, string ProvinceCode, IReadOnlyList<string> Sectors, int MaxAssignmentsPerCall, bool Active);

    public sealed record Command(Guid Id, Body Body) : ICommand<ExpertView>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Body.AffiliationCreditCode).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(64).Must(c => CreditCode.IsValid(CreditCode.Normalise(c)))
                .WithMessage("Must be a valid Unified Social Credit Code.").OverridePropertyName("affiliationCreditCode");
            RuleFor(c => c.Body.ProvinceCode).NotEmpty().Matches("^[0-9]{2}$").OverridePropertyName("provinceCode");
            RuleFor(c => c.Body.Sectors).Cascade(CascadeMode.Stop).NotEmpty().Must(s => s.Distinct().Count() == s.Count).WithMessage("Sectors must not repeat.")
                .OverridePropertyName("sectors");
            RuleFor(c => c.Body.Sectors.Count).LessThanOrEqualTo(15).OverridePropertyName("sectors").When(c => c.Body.Sectors is not null);
            RuleForEach(c => c.Body.Sectors).MaximumLength(64).OverridePropertyName("sectors");
            RuleFor(c => c.Body.MaxAssignmentsPerCall).InclusiveBetween(0, 500).OverridePropertyName("maxAssignmentsPerCall");
        }
    }

    public sealed class Handler(AppDbContext db, AuditTrail audit, ConflictedAssignments conflicted) : ICommandHandler<Command, ExpertView>
    {
        public async ValueTask<ExpertView> Handle(Command command, CancellationToken ct)
        {
            var expert = await db.Users.Include(u => u.ExpertSectors).FirstOrDefaultAsync(u => u.Id == command.Id && u.Role == Roles.Expert, ct)
                ?? throw ProblemException.NotFound("The expert");
            var body = command.Body;
            if (!await db.Provinces.AnyAsync(p => p.Code == body.ProvinceCode, ct))
                throw ProblemException.Invalid("provinceCode", $"'{body.ProvinceCode}' is not a known province code.");
            var known = await db.Sectors.Where(s => body.Sectors.Contains(s.Code)).Select(s => s.Code).ToListAsync(ct);
            if (body.Sectors.Except(known).ToList() is { Count: > 0 } unknown)
                throw ProblemException.Invalid("sectors", $"Unknown sector codes: {string.Join(", ", unknown)}.");
            expert.AffiliationCreditCode = CreditCode.Normalise(body.AffiliationCreditCode);
            expert.ExpertProvinceCode = body.ProvinceCode;
            expert.MaxAssignmentsPerCall = body.MaxAssignmentsPerCall;
            expert.ExpertActive = body.Active;
            db.ExpertSectors.RemoveRange(expert.ExpertSectors.Where(s => !body.Sectors.Contains(s.SectorCode)));
            foreach (var sector in body.Sectors.Where(s => expert.ExpertSectors.All(x => x.SectorCode != s)))
                db.ExpertSectors.Add(new ExpertSector { UserId = expert.Id, SectorCode = sector });
            audit.Record("expert.updated", "User", expert.Id, body);
            await db.SaveChangesAsync(ct);
            // A new affiliation or province can put the expert in conflict with applications they already review.
            await conflicted.EndOnProfileChangeAsync(expert.Id, ct);
            await db.SaveChangesAsync(ct);
            return await ExpertEndpoints.ViewAsync(db, expert.Id, ct);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPut("/{id:guid}", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new Command(id, body), ct)))
            .WithName("UpdateExpert")
            .WithSummary("Changes an expert's affiliation, province, sectors, capacity or active flag (admin only).")
            .WithProblems(401, 403, 404);
}

public static class ExpertConflicts
{
    /// <summary>An organisation the expert must not review, and why.</summary>
    public sealed record Body(string CreditCode, string Reason);

    public sealed record AddCommand(Guid ExpertId, Body Body) : ICommand<ExpertView>;

    public sealed record RemoveCommand(Guid ExpertId, string CreditCode) : ICommand<ExpertView>;

    public sealed class AddValidator : AbstractValidator<AddCommand>
    {
        public AddValidator()
        {
            RuleFor(c => c.Body.CreditCode).NotEmpty().MaximumLength(64).Must(c => CreditCode.Normalise(c).Length == CreditCode.Length)
                .WithMessage("Must be an 18-character credit code.").OverridePropertyName("creditCode");
            RuleFor(c => c.Body.Reason).NotEmpty().MinimumLength(4).MaximumLength(500).OverridePropertyName("reason");
        }
    }

    public sealed class AddHandler(AppDbContext db, ConflictedAssignments conflicted, AuditTrail audit, TimeProvider time)
        : ICommandHandler<AddCommand, ExpertView>
    {
        public async ValueTask<ExpertView> Handle(AddCommand command, CancellationToken ct)
        {
            if (!await db.Users.AnyAsync(u => u.Id == command.ExpertId && u.Role == Roles.Expert, ct))
                throw ProblemException.NotFound("The expert");
            var code = CreditCode.Normalise(command.Body.CreditCode);
            if (await db.ExpertConflicts.AnyAsync(c => c.ExpertId == command.ExpertId && c.CreditCode == code, ct))
                throw ProblemException.Duplicate($"A conflict with {code} is already declared.");
            db.ExpertConflicts.Add(new ExpertConflict { ExpertId = command.ExpertId, CreditCode = code, Reason = command.Body.Reason.Trim(), CreatedAt = time.GetUtcNow() });
            audit.Record("expert.conflict-declared", "User", command.ExpertId, new { code, command.Body.Reason });
            // A conflict given after assignment ends the expert's open assignments with the organisation, reviewed or not.
            await conflicted.EndAsync(command.ExpertId, code, command.Body.Reason.Trim(), ct);
            await db.SaveChangesAsync(ct);
            return await ExpertEndpoints.ViewAsync(db, command.ExpertId, ct);
        }
    }

    public sealed class RemoveHandler(AppDbContext db, AuditTrail audit) : ICommandHandler<RemoveCommand, ExpertView>
    {
        public async ValueTask<ExpertView> Handle(RemoveCommand command, CancellationToken ct)
        {
            var code = CreditCode.Normalise(command.CreditCode);
            var conflict = await db.ExpertConflicts.FirstOrDefaultAsync(c => c.ExpertId == command.ExpertId && c.CreditCode == code, ct)
                ?? throw ProblemException.NotFound("The declared conflict");
            db.ExpertConflicts.Remove(conflict);
            audit.Record("expert.conflict-withdrawn", "User", command.ExpertId, new { code });
            await db.SaveChangesAsync(ct);
            return await ExpertEndpoints.ViewAsync(db, command.ExpertId, ct);
        }
    }

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/{id:guid}/conflicts", async (Guid id, Body body, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new AddCommand(id, body), ct)))
            .WithName("DeclareExpertConflict")
            .WithSummary("Records an organisation the expert must never review (admin only).")
            .WithProblems(401, 403, 404, 409);
        group.MapDelete("/{id:guid}/conflicts/{creditCode}", async (Guid id, string creditCode, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new RemoveCommand(id, creditCode), ct)))
            .WithName("WithdrawExpertConflict")
            .WithSummary("Removes a declared conflict (admin only).")
            .WithProblems(401, 403, 404);
    }
}
