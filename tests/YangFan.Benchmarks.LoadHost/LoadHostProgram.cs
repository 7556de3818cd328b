namespace YangFan.Benchmarks.LoadHost;

/// <summary>
/// The API for the load run: runs the production host's own entry point (<c>Program.cs</c> of the Api, so the same
/// services, middleware and endpoints) with <see cref="FloorEndpoints"/> added as a hosting startup.
/// </summary>
public static class LoadHostProgram
{
    public static int Main(string[] args)
    {
        Environment.SetEnvironmentVariable("ASPNETCORE_HOSTINGSTARTUPASSEMBLIES", typeof(FloorEndpoints).Assembly.GetName().Name);
        // The compiler's entry point of a top-level Program.cs runs the host to its end and returns the exit code.
        var api = typeof(Program).Assembly.EntryPoint ?? throw new InvalidOperationException("The API has no entry point.");
        return (int)api.Invoke(null, [args])!;
    }
}
