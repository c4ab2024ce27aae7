using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace MatCarv.Benchmarks.Infrastructure;

/// <summary>
/// Direction on a busy machine: runs several benchmark methods of one class in the same process, alternating one call of
/// each per round (the order reversed every other round), so that whatever load other processes put on the cores hits
/// every method alike. BenchmarkDotNet runs one method after the other, so on a shared machine each row meets a different
/// load and the ratios drift by more than the differences being measured (two <c>--short</c> logging runs at load 50–90
/// gave MatCarv 0.94× and 1.9× ZLogger). Prints, per method, the median wall time and the median process CPU time per
/// operation (caller plus background threads: flushers, asynchronous writers) and both as ratios to the first method.
/// <code>dotnet MatCarv.Benchmarks.dll --interleave LoggingBenchmarks ZLogger_Interpolated,MatCarv_Interpolated,MatCarv_LoggerMessage 600</code>
/// Not a replacement for the quiet-machine BenchmarkDotNet run: a supplement when no quiet machine is available. The class's
/// [GlobalSetup]/[GlobalCleanup] run once, its [IterationSetup] (untimed) before every call, as BenchmarkDotNet runs it with one
/// invocation per iteration (<c>TracingExportCostBenchmarks</c>: fresh activities); reflection is fine here (benchmark project, not the SDK).
/// </summary>
internal static class InterleavedRunner
{
    /// <param name="className">The benchmark class.</param>
    /// <param name="methods">Its methods, comma-separated; the first is the baseline of the ratios.</param>
    /// <param name="rounds">Rounds (one call of each method per round); the first fifth is discarded as warm-up.</param>
    public static int Run(string className, string methods, int rounds)
    {
        var type = typeof(InterleavedRunner).Assembly.GetTypes().FirstOrDefault(t => t.Name == className || t.FullName == className);
        if (type is null)
        {
            Console.Error.WriteLine($"No benchmark class '{className}'.");
            return 2;
        }

        var instance = Activator.CreateInstance(type)!;
        var names = methods.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bodies = new Action[names.Length];
        var operations = new int[names.Length];
        for (int i = 0; i < names.Length; i++)
        {
            var method = type.GetMethod(names[i], BindingFlags.Public | BindingFlags.Instance);
            var benchmark = method?.GetCustomAttribute<BenchmarkAttribute>();
            if (method is null || benchmark is null)
            {
                Console.Error.WriteLine($"No benchmark method '{className}.{names[i]}'.");
                return 2;
            }

            bodies[i] = method.CreateDelegate<Action>(instance);
            operations[i] = benchmark.OperationsPerInvoke;
        }

        if (names.Length < 2 || rounds < 10)
        {
            Console.Error.WriteLine("--interleave needs at least two methods and 10 rounds.");
            return 2;
        }

        Invoke<GlobalSetupAttribute>(type, instance);
        var wall = names.Select(_ => new List<double>(rounds)).ToArray();
        var cpu = names.Select(_ => new List<double>(rounds)).ToArray();
        var process = Process.GetCurrentProcess();
        string loadBefore = LoadAverage();
        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < names.Length; k++)
            {
                int i = round % 2 == 0 ? k : names.Length - 1 - k;
                Invoke<IterationSetupAttribute>(type, instance);
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                long start = Stopwatch.GetTimestamp();
                bodies[i]();
                var elapsed = Stopwatch.GetElapsedTime(start);
                process.Refresh();
                if (round >= rounds / 5)
                {
                    wall[i].Add(elapsed.TotalNanoseconds / operations[i]);
                    cpu[i].Add((process.TotalProcessorTime - cpuBefore).TotalNanoseconds / operations[i]);
                }
            }
        }

        Invoke<GlobalCleanupAttribute>(type, instance);
        double baseWall = Median(wall[0]), baseCpu = Median(cpu[0]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Interleaved {className}: {rounds} rounds ({rounds - (rounds / 5)} measured), load average {loadBefore} before, {LoadAverage()} after"));
        Console.WriteLine("| Method | Wall time per op, median | Process CPU per op, median | vs first (wall / CPU) |");
        Console.WriteLine("|---|---:|---:|---:|");
        for (int i = 0; i < names.Length; i++)
        {
            double w = Median(wall[i]), c = Median(cpu[i]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {names[i]} | {w:N0} ns | {c:N0} ns | {w / baseWall:F2}× / {c / baseCpu:F2}× |"));
        }

        return 0;
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static void Invoke<TAttribute>(Type type, object instance)
        where TAttribute : Attribute
    {
        foreach (var candidate in type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
        {
            if (candidate.GetCustomAttribute<TAttribute>() is not null)
            {
                candidate.Invoke(instance, null);
            }
        }
    }
}
