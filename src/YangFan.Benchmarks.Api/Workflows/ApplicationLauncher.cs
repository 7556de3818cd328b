using Microsoft.EntityFrameworkCore;
using YangFan.Benchmarks.Api.Data;

namespace YangFan.Benchmarks.Api.Workflows;

/// <summary>Creates calls and applications with their workflow version pinned. Runs inside the caller's transaction.</summary>
public sealed class ApplicationLauncher(AppDbContext db, WorkflowRuntime runtime, TimeProvider time)
{
    /// <summary>The highest published version of a workflow: what a call opening now pins.</summary>
    public async Task<int> PublishedVersionAsync(string workflowKey, CancellationToken ct) =>
        await db.Workflows.Where(w => w.Key == workflowKey && w.Status == WorkflowVersionStatus.Published)
            .MaxAsync(w => (int?)w.Version, ct)
        ?? throw new InvalidOperationException($"No published version of workflow '{workflowKey}'.");

    public async Task<Call> CreateCallAsync(string programmeKey, string titleZh, string titleEn, DateTimeOffset opensAt,
        DateTimeOffset closesAt, string? workflowKey, CancellationToken ct)
    {
        var key = workflowKey ?? programmeKey;
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
            WorkflowKey = key,
            WorkflowVersion = await PublishedVersionAsync(key, ct),
            CreatedAt = time.GetUtcNow(),
        };
        db.Calls.Add(call);
        return call;
    }

    /// <summary>A new application of an organisation to a call, in its workflow's initial state.</summary>
    public async Task<Application> CreateApplicationAsync(Call call, Guid organisationId, Actor actor, CancellationToken ct)
    {
        var application = new Application
        {
            Id = Guid.NewGuid(),
            CallId = call.Id,
            OrganisationId = organisationId,
            ProgrammeKey = call.ProgrammeKey,
            WorkflowKey = call.WorkflowKey,
            WorkflowVersion = call.WorkflowVersion,
            State = "",
            CreatedAt = time.GetUtcNow(),
        };
        db.Applications.Add(application);
        await runtime.StartAsync(application, call, actor, ct);
        return application;
    }
}
