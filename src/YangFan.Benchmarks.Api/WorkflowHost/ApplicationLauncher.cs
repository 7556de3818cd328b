using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>Creates calls and applications with their workflow version pinned. Runs inside the caller's transaction.</summary>
public sealed class ApplicationLauncher(AppDbContext db, WorkflowRuntime runtime, CallLifecycle lifecycle, TimeProvider time)
{
    /// <summary>A call created and opened at once, as an administrator would through the API.</summary>
    public async Task<Call> CreateOpenCallAsync(string programmeKey, string titleZh, string titleEn, DateTimeOffset opensAt,
        DateTimeOffset closesAt, Actor actor, CancellationToken ct, int? recommenderQuota = null,
        IReadOnlyList<string>? sectors = null)
    {
        var call = new Call
        {
            Id = Guid.NewGuid(),
            ProgrammeKey = programmeKey,
            Year = opensAt.Year,
            Batch = 1,
            TitleZh = titleZh,
            TitleEn = titleEn,
            OpensAt = opensAt,
            ClosesAt = closesAt,
            Status = "",
            WorkflowKey = programmeKey,
            RecommenderQuota = recommenderQuota,
            FormKey = programmeKey,
            CreatedAt = time.GetUtcNow(),
        };
        foreach (var sector in sectors ?? [])
            call.Sectors.Add(new CallSector { CallId = call.Id, SectorCode = sector });
        db.Calls.Add(call);
        await lifecycle.StartAsync(call, actor, ct);
        await lifecycle.OpenAsync(call, actor with { Role = Roles.Admin }, ct);
        return call;
    }

    /// <summary>A new application of an organisation to a call, in its workflow's initial state.</summary>
    public async Task<Application> CreateApplicationAsync(Call call, Guid organisationId, Actor actor, CancellationToken ct)
    {
        var application = new Application
        {
            // Time-ordered (UUIDv7), so drafts list in the order they were created and a new one lists after every
            // listing cursor already handed out (ListApplications).
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            CallId = call.Id,
            OrganisationId = organisationId,
            ProgrammeKey = call.ProgrammeKey,
            WorkflowKey = call.WorkflowKey,
            WorkflowVersion = call.WorkflowVersion ?? throw new InvalidOperationException("The call has not opened."),
            State = "",
            CreatedAt = time.GetUtcNow(),
        };
        db.Applications.Add(application);
        await runtime.StartAsync(application, call, actor, ct);
        return application;
    }
}
