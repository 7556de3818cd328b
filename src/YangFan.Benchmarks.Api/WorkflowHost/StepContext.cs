using YangFan.Benchmarks.Api.Data;
using YangFan.Benchmarks.Workflows;

namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>What a guard or effect sees: the application, its call, who acts, the database, the stored workflows and forms.</summary>
public sealed record StepContext(AppDbContext Db, Application Application, Call Call, Actor Actor, CompiledWorkflow Workflow, TimeProvider Time,
    WorkflowLibrary Workflows, FormHost.FormLibrary Forms);
