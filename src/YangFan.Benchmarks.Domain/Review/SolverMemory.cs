using System.Runtime.InteropServices;

namespace YangFan.Benchmarks.Domain.Review;

/// <summary>
/// Hands the native memory that OR-Tools freed back to the operating system. The solver allocates its graph with
/// the C library's <c>malloc</c>; on Linux glibc keeps what is freed in the arena of the thread that freed it, one
/// arena per thread, so a second plan solved on another thread-pool thread allocates its graph anew beside the
/// first one's freed pages, and the process keeps both (docs/performance.md, "Ranking and assignment at scale").
/// </summary>
internal static class SolverMemory
{
    private static bool _unavailable;

    /// <summary>Returns the free pages of every arena (glibc's <c>malloc_trim</c>); does nothing where there is none.</summary>
    public static void Release()
    {
        if (_unavailable || !OperatingSystem.IsLinux())
            return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true; // musl and other C libraries without malloc_trim: nothing to hand back this way.
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim", ExactSpelling = true)]
    private static extern int MallocTrim(nuint pad);
}
