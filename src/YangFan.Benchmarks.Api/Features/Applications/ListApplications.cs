using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Auth;
using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Api.Infrastructure;
using YangFan.Benchmarks.Api.WorkflowHost;

namespace YangFan.Benchmarks.Api.Features.Applications;

public static class ListApplications
{
    /// <summary>
    /// Filters; results are sorted by submission time, then id (drafts never submitted last, by id), and paged with the
    /// <c>cursor</c> each page returns. A cursor belongs to the filters it was returned with.
    /// </summary>
    public sealed record Query(Guid? CallId, string? Programme, string? Sector, string? Province, string? State, string? Cursor, int Limit)
        : IQuery<CursorPage<ApplicationSummary>>;

    /// <summary>
    /// One row of the listing. The organisation's name and province are those the application was last submitted
    /// under; a draft never submitted shows the current ones (no province for a nationally registered organisation
    /// until an administrator sets it).
    /// </summary>
    public sealed record ApplicationSummary(Guid Id, Guid CallId, Guid OrganisationId, string OrganisationName, string? ProvinceCode,
        string ProgrammeKey, string? SectorCode, string Title, string State, DateTimeOffset? SubmittedAt, DateTimeOffset CreatedAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Limit).InclusiveBetween(1, 100);
            RuleFor(q => q.Cursor).Must((q, c) => c is null || Cursor.TryRead(c, q, out _))
                .WithMessage("Not a cursor this endpoint returned for these filters.");
            RuleFor(q => q.Province).Matches("^[0-9]{2}$").When(q => q.Province is not null);
            RuleFor(q => q.Programme).MaximumLength(64);
            RuleFor(q => q.Sector).MaximumLength(64);
            RuleFor(q => q.State).MaximumLength(64);
        }
    }

    /// <summary>The last row of a page: where the next one starts. No submission time: a draft never submitted.</summary>
    public readonly record struct Position(DateTimeOffset? SubmittedAt, Guid Id);

    /// <summary>
    /// A position as an opaque token: version, position, and a checksum over both and the filters, so a cursor that
    /// was damaged, edited or carried over to other filters is refused rather than read as some other place. It is a
    /// position, not a permission: the rows after any position are still only those the caller may see.
    /// </summary>
    public static class Cursor
    {
        private const byte Version = 1;
        private const int PositionLength = 1 + 1 + 8 + 16, ChecksumLength = 8;

        public static string Of(Position position, Query filters)
        {
            var bytes = new byte[PositionLength + ChecksumLength];
            bytes[0] = Version;
            bytes[1] = position.SubmittedAt is null ? (byte)0 : (byte)1;
            BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(2), position.SubmittedAt?.UtcTicks ?? 0);
            position.Id.TryWriteBytes(bytes.AsSpan(10), bigEndian: true, out _);
            Checksum(bytes.AsSpan(0, PositionLength), filters).CopyTo(bytes.AsSpan(PositionLength));
            return WebEncoders.Base64UrlEncode(bytes);
        }

        public static bool TryRead(string text, Query filters, out Position position)
        {
            position = default;
            byte[] bytes;
            try
            {
                bytes = WebEncoders.Base64UrlDecode(text);
            }
            catch (FormatException)
            {
                return false;
            }
            if (bytes.Length != PositionLength + ChecksumLength || bytes[0] != Version || bytes[1] > 1
                || !Checksum(bytes.AsSpan(0, PositionLength), filters).AsSpan().SequenceEqual(bytes.AsSpan(PositionLength)))
                return false;
            var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(2));
            if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
                return false;
            position = new Position(bytes[1] == 1 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null, new Guid(bytes.AsSpan(10, 16), bigEndian: true));
            return true;
        }

        private static byte[] Checksum(ReadOnlySpan<byte> position, Query q)
        {
            var filters = Encoding.UTF8.GetBytes($"{q.CallId}\n{q.Programme}\n{q.Sector}\n{q.Province}\n{q.State}");
            return SHA256.HashData([.. position, .. filters])[..ChecksumLength];
        }
    }

    public sealed class Handler(AppDbContext db, ICurrentUser user, WorkflowRuntime runtime) : IQueryHandler<Query, CursorPage<ApplicationSummary>>
    {
        private sealed record Row(Guid Id, Guid CallId, Guid OrganisationId, string OrganisationName, string? ProvinceCode,
            string ProgrammeKey, string? SectorCode, string Title, string WorkflowKey, int WorkflowVersion, string State,
            DateTimeOffset? SubmittedAt, DateTimeOffset CreatedAt);

        public async ValueTask<CursorPage<ApplicationSummary>> Handle(Query query, CancellationToken ct)
        {
            // Experts reach applications through their assignments, not through this listing.
            if (user.Role is not (Roles.Admin or Roles.Applicant or Roles.Recommender))
                return new CursorPage<ApplicationSummary>([], null);
            var rows = await FilteredAsync(query, ct);
            Position? after = query.Cursor is null ? null : Cursor.TryRead(query.Cursor, query, out var p) ? p : null;
            var page = await PageAsync(After(rows, query, after), query.Limit + 1, ct);

            var hasMore = page.Count > query.Limit;
            var items = new List<ApplicationSummary>(query.Limit);
            foreach (var r in page.Take(query.Limit))
            {
                var shown = StateMask.Applies(user)
                    ? StateMask.Shown(await runtime.CompiledAsync(r.WorkflowKey, r.WorkflowVersion, ct), r.State)
                    : r.State;
                items.Add(new ApplicationSummary(r.Id, r.CallId, r.OrganisationId, r.OrganisationName, r.ProvinceCode, r.ProgrammeKey,
                    r.SectorCode, r.Title, shown, r.SubmittedAt, r.CreatedAt));
            }
            return new CursorPage<ApplicationSummary>(items, hasMore ? Cursor.Of(new Position(items[^1].SubmittedAt, items[^1].Id), query) : null);
        }

        /// <summary>
        /// The visible applications that pass the filters other than the one that leads the range (the call, else an
        /// administrator's state: <see cref="After"/>); no join: a draft's province is asked of its organisation.
        /// </summary>
        private async Task<IQueryable<Application>> FilteredAsync(Query query, CancellationToken ct)
        {
            var rows = await ApplicationAccess.VisibleAsync(db, user, db.Applications.AsNoTracking(), ct);
            if (query.Programme is { } programme) rows = rows.Where(a => a.ProgrammeKey == programme);
            if (query.Sector is { } sector) rows = rows.Where(a => a.SectorCode == sector);
            if (query.Province is { } province)
                rows = rows.Where(a => a.SubmittedProvinceCode == province
                    || (a.SubmittedProvinceCode == null && db.Organisations.Any(o => o.Id == a.OrganisationId && o.ProvinceCode == province)));
            if (query.State is { } state && StateMask.Applies(user))
            {
                // The states an applicant sees as this one, per workflow version their applications run on: the state
                // itself unless it is staged (visibleAs), and every staged state shown as it.
                var matching = new List<string>();
                foreach (var v in await rows.Select(a => new { a.WorkflowKey, a.WorkflowVersion }).Distinct().ToListAsync(ct))
                {
                    var workflow = await runtime.CompiledAsync(v.WorkflowKey, v.WorkflowVersion, ct);
                    matching.AddRange(workflow.Definition.States.Where(x => StateMask.Shown(workflow, x.Name) == state)
                        .Select(x => $"{v.WorkflowKey}/{v.WorkflowVersion}/{x.Name}"));
                }
                rows = rows.Where(a => matching.Contains(a.WorkflowKey + "/" + a.WorkflowVersion.ToString() + "/" + a.State));
            }
            else if (query.State is { } exact && query.CallId is not null)
                rows = rows.Where(a => a.State == exact);
            return rows;
        }

        /// <summary>
        /// The rows after the position in the listing's order, (ListingTime, Id), as one range of the index that serves
        /// it. Under a call or state filter that column leads: written as a range (<c>&gt;= x AND &lt;= x</c>) and as a
        /// row comparison that includes it, it is not a constant to PostgreSQL, so only the index that leads with it
        /// gives the order; an equality would let it read (ListingTime, Id) instead and skip every other call's rows,
        /// which it expects to be spread evenly and which may all come first.
        /// </summary>
        private IOrderedQueryable<Application> After(IQueryable<Application> rows, Query query, Position? after)
        {
            var time = after is { } p ? p.SubmittedAt ?? DateTimeOffset.MaxValue : default;
            var id = after?.Id ?? default;
            var postgres = db.Provider == DatabaseProvider.Postgres;
            if (query.CallId is { } call)
            {
                rows = rows.Where(a => a.CallId.CompareTo(call) <= 0);
                rows = after is null ? rows.Where(a => a.CallId.CompareTo(call) >= 0)
                    : postgres ? rows.Where(a => EF.Functions.GreaterThan(ValueTuple.Create(a.CallId, a.ListingTime, a.Id), ValueTuple.Create(call, time, id)))
                    : rows.Where(a => a.CallId == call && (a.ListingTime > time || (a.ListingTime == time && a.Id.CompareTo(id) > 0)));
                return rows.OrderBy(a => a.CallId).ThenBy(a => a.ListingTime).ThenBy(a => a.Id);
            }
            if (query.State is { } state && !StateMask.Applies(user))
            {
                rows = rows.Where(a => a.State.CompareTo(state) <= 0);
                rows = after is null ? rows.Where(a => a.State.CompareTo(state) >= 0)
                    : postgres ? rows.Where(a => EF.Functions.GreaterThan(ValueTuple.Create(a.State, a.ListingTime, a.Id), ValueTuple.Create(state, time, id)))
                    : rows.Where(a => a.State == state && (a.ListingTime > time || (a.ListingTime == time && a.Id.CompareTo(id) > 0)));
                return rows.OrderBy(a => a.State).ThenBy(a => a.ListingTime).ThenBy(a => a.Id);
            }
            if (after is not null)
                rows = postgres
                    ? rows.Where(a => EF.Functions.GreaterThan(ValueTuple.Create(a.ListingTime, a.Id), ValueTuple.Create(time, id)))
                    : rows.Where(a => a.ListingTime > time || (a.ListingTime == time && a.Id.CompareTo(id) > 0));
            return rows.OrderBy(a => a.ListingTime).ThenBy(a => a.Id);
        }

        /// <summary>
        /// The first <paramref name="count"/> rows; the organisation is joined to those rows only (for drafts, whose name
        /// and province are the organisation's current ones).
        /// </summary>
        private Task<List<Row>> PageAsync(IOrderedQueryable<Application> range, int count, CancellationToken ct)
        {
            var page = range.Take(count).Select(a => new
            {
                a.Id, a.CallId, a.OrganisationId, a.SubmittedOrganisationName, a.SubmittedProvinceCode, a.ProgrammeKey, a.SectorCode,
                a.Title, a.WorkflowKey, a.WorkflowVersion, a.State, a.SubmittedAt, a.CreatedAt, a.ListingTime,
            });
            return (from a in page
                    join o in db.Organisations on a.OrganisationId equals o.Id
                    orderby a.ListingTime, a.Id
                    select new Row(a.Id, a.CallId, a.OrganisationId, a.SubmittedOrganisationName ?? o.Name, a.SubmittedProvinceCode ?? o.ProvinceCode,
                        a.ProgrammeKey, a.SectorCode, a.Title, a.WorkflowKey, a.WorkflowVersion, a.State, a.SubmittedAt, a.CreatedAt))
                .ToListAsync(ct);
        }
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapGet("", async (ISender sender, CancellationToken ct, Guid? callId = null, string? programme = null, string? sector = null,
                string? province = null, string? state = null, string? cursor = null, int limit = 50) =>
                TypedResults.Ok(await sender.Send(new Query(callId, programme, sector, province, state, cursor, limit), ct)))
            .WithName("ListApplications")
            .WithSummary("Applications the caller may see, by submission time, at most 100 a page; pass each page's nextCursor for the next.")
            .WithProblems(401);
}
