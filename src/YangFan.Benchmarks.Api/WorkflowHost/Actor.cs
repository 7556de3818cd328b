namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>Who fires a trigger: a signed-in user in their role, or the engine itself as System.</summary>
public sealed record Actor(Guid? Id, string Role, string Channel)
{
    public static Actor System(string channel) => new(null, WorkflowContract.SystemRole, channel);
}
