using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;

namespace MatCarv.Benchmarks.Logging;

/// <summary>
/// One launch, long warm-up (async pipelines need 2–3 s on 2 cores before they reach steady state, perf-style.md §5),
/// 12 measured iterations of 250 ms.
/// </summary>
internal sealed class LoggingBenchmarkConfig : ManualConfig
{
    public LoggingBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithLaunchCount(1)
            .WithWarmupCount(12)
            .WithIterationCount(12)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
            .WithId("Logging"));
    }
}
