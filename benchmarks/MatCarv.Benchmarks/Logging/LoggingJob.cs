using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace MatCarv.Benchmarks.Logging;

/// <summary>
/// The harness shape: 2 launches × 10 measured iterations of 250 ms, after 10 warm-up iterations (2.5 s: the
/// asynchronous peers need 2–3 s on 2 cores to reach their steady state, perf-style.md §5).
/// </summary>
internal sealed class LoggingJob : ManualConfig
{
    public LoggingJob()
    {
        AddJob(Job.Default
            .WithLaunchCount(2)
            .WithWarmupCount(10)
            .WithIterationCount(10)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
            .WithId("Logging"));
    }
}
