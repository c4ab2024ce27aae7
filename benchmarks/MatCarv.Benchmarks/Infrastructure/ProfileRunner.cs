using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace MatCarv.Benchmarks.Infrastructure;

/// <summary>
/// Runs one benchmark method in a plain loop for a fixed time, outside BenchmarkDotNet, so that a sampling profiler can say
/// where the time goes (BenchmarkDotNet's own process layout, pilot and overhead runs get in the way of a profiler):
/// <code>DOTNET_PerfMapEnabled=1 perf record -g dotnet MatCarv.Benchmarks.dll --profile LoggingBenchmarks.MatCarv_Interpolated 20</code>
/// The class's [GlobalSetup]/[GlobalCleanup] run once, its [IterationSetup]/[IterationCleanup] around every 100 calls,
/// exactly as the benchmark would run them. Reflection is fine here: this is the benchmark project, not the SDK.
/// </summary>
internal static class ProfileRunner
{
    private const int CallsPerIteration = 100;

    /// <param name="target">The benchmark, <c>Class.Method</c>.</param>
    /// <param name="seconds">How long to loop.</param>
    /// <param name="maxCalls">Stop after this many calls (for instruction counting under callgrind, where time means little).</param>
    public static int Run(string target, double seconds, long maxCalls = long.MaxValue)
    {
        int dot = target.LastIndexOf('.');
        if (dot <= 0)
        {
            Console.Error.WriteLine("--profile expects <BenchmarkClass>.<Method>, e.g. LoggingBenchmarks.MatCarv_Interpolated");
            return 2;
        }

        string typeName = target[..dot], methodName = target[(dot + 1)..];
        var type = typeof(ProfileRunner).Assembly.GetTypes().FirstOrDefault(t => t.Name == typeName || t.FullName == typeName);
        var method = type?.GetMethod(methodName, BindingFlags.Public | BindingFlags.Instance);
        if (type is null || method is null || method.GetCustomAttribute<BenchmarkAttribute>() is null)
        {
            Console.Error.WriteLine($"No benchmark method '{target}'.");
            return 2;
        }

        var instance = Activator.CreateInstance(type)!;
        var body = method.CreateDelegate<Action>(instance);
        Invoke<GlobalSetupAttribute>(type, instance, methodName);
        long calls = 0;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds && calls < maxCalls)
        {
            Invoke<IterationSetupAttribute>(type, instance, methodName);
            long batch = Math.Min(CallsPerIteration, maxCalls - calls);
            for (long i = 0; i < batch; i++)
            {
                body();
            }

            Invoke<IterationCleanupAttribute>(type, instance, methodName);
            calls += batch;
        }

        clock.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        Invoke<GlobalCleanupAttribute>(type, instance, methodName);
        double operations = calls * (double)method.GetCustomAttribute<BenchmarkAttribute>()!.OperationsPerInvoke;
        // Process CPU time counts the background threads (flushers, exporters) too, and machine load does not inflate it much.
        Console.Error.WriteLine(
            $"{target}: {operations:N0} operations in {clock.Elapsed.TotalSeconds:F1} s: {clock.Elapsed.TotalNanoseconds / operations:F1} ns/op wall, "
            + $"{cpu.TotalNanoseconds / operations:F1} ns/op process CPU (profiler overhead included)");
        return 0;
    }

    private static void Invoke<TAttribute>(Type type, object instance, string benchmark)
        where TAttribute : TargetedAttribute
    {
        foreach (var candidate in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            var attribute = candidate.GetCustomAttribute<TAttribute>();
            if (attribute is not null && (attribute.Targets is null || attribute.Targets.Length == 0 || attribute.Targets.Contains(benchmark)))
            {
                candidate.Invoke(instance, null);
            }
        }
    }
}
