namespace MatCarv.Benchmarks.Logging;

/// <summary>
/// BenchmarkDotNet raises the benchmark thread's priority; asynchronous loggers do their work on normal-priority
/// threads, so the comparison would starve them (perf-style.md §5). Every benchmark puts its thread back to Normal.
/// </summary>
internal static class Fairness
{
    public static void EqualizePriority()
    {
        if (Thread.CurrentThread.Priority != ThreadPriority.Normal)
        {
            Thread.CurrentThread.Priority = ThreadPriority.Normal;
        }
    }
}
