using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace MatCarv.Benchmarks.Infrastructure;

/// <summary>
/// Runs BenchmarkDotNet over the assembly and turns its outcome into an exit code, so that scripts and CI can tell a
/// broken benchmark from a slow one: a failed benchmark, a validation error, or a filter that matched nothing exits 1.
/// <c>--dry</c> applies <see cref="DryJob"/> on top of every class's own job: one invocation of every benchmark, in this
/// process (no generated project to build), so CI proves the whole suite still sets up, runs and tears down in seconds.
/// </summary>
internal static class SuiteRunner
{
    /// <summary>
    /// A mutator (applied over each class's job rather than added next to it): cold start, one launch, one iteration of one
    /// invocation, in process. Classes keep their own job for full runs.
    /// </summary>
    public static readonly Job DryJob = Job.Dry
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(0)
        .WithIterationCount(1)
        .WithInvocationCount(1)
        .WithUnrollFactor(1)
        .AsMutator();

    /// <summary>
    /// <c>--short</c>: a mutator for a busy machine (added by tracing-perf): in process (BenchmarkDotNet's generated project
    /// can take longer than its 2-minute build timeout when the cores are shared), one launch, 6 warm-up and 10 measured
    /// iterations; each class keeps its invocation counts and iteration time. Direction only: the results file says so.
    /// </summary>
    public static readonly Job ShortJob = new Job("Short")
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(6)
        .WithIterationCount(10)
        .AsMutator();

    public static int Run(string[] args)
    {
        bool dry = args.Contains("--dry");
        bool quick = args.Contains("--short");
        var rest = args.Where(a => a != "--dry" && a != "--short").ToArray();
        IConfig config = DefaultConfig.Instance;
        if (dry)
        {
            config = config.AddJob(DryJob).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        }
        else if (quick)
        {
            config = config.AddJob(ShortJob);
        }

        var summaries = BenchmarkSwitcher.FromAssembly(typeof(SuiteRunner).Assembly).Run(rest, config).ToList();
        if (summaries.Count == 0 || summaries.Sum(s => s.BenchmarksCases.Length) == 0)
        {
            Console.Error.WriteLine("No benchmark matched the arguments.");
            return 1;
        }

        var failures = summaries.SelectMany(Failures).ToList();
        foreach (var failure in failures)
        {
            Console.Error.WriteLine("FAILED: " + failure);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    private static IEnumerable<string> Failures(Summary summary)
    {
        foreach (var error in summary.ValidationErrors.Where(e => e.IsCritical))
        {
            yield return error.Message;
        }

        foreach (var benchmark in summary.BenchmarksCases)
        {
            var report = summary[benchmark];
            if (report is null || !report.Success)
            {
                yield return benchmark.DisplayInfo;
            }
        }
    }
}
