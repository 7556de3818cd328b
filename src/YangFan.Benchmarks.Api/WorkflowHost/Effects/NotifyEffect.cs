namespace YangFan.Benchmarks.Api.WorkflowHost;

/// <summary>Arguments of the <c>notify</c> effect.</summary>
public sealed record NotifyArgs(string Role, string Message);

public sealed class NotifyEffect : IWorkflowEffect
{
    public string Name => "notify";
    public string Description => "Leaves a notification for a role.";
    public Type? ArgumentsType => typeof(NotifyArgs);

    public ValueTask ApplyAsync(StepContext c, object? arguments, CancellationToken ct)
    {
        var args = (NotifyArgs)arguments!;
        c.Db.Notifications.Add(new Notification
        {
            Id = Guid.NewGuid(),
            RecipientRole = args.Role,
            ApplicationId = c.Application.Id,
            Message = args.Message,
            CreatedAt = c.Time.GetUtcNow(),
        });
        return ValueTask.CompletedTask;
    }
}
