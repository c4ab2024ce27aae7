using System.Globalization;
using MatCarv.Benchmarks.Infrastructure;

// The one entry point of the suite; benchmarks/run.sh drives it (see benchmarks/README.md).
//   dotnet run -c Release --project benchmarks/MatCarv.Benchmarks -- --filter '*Logging*'    a full run (BenchmarkDotNet arguments)
//   ... -- --dry --filter '*'        every benchmark once, in process, seconds: what CI runs to keep the suite working
//   ... -- --profile LoggingBenchmarks.MatCarv_Interpolated 20      one benchmark in a plain loop, for a profiler
//   ... -- --interleave LoggingBenchmarks ZLogger_Interpolated,MatCarv_Interpolated 600   methods alternated under the same load
if (args.Length >= 2 && args[0] == "--profile")
{
    // --profile <Class.Method> [seconds] [max calls]
    return ProfileRunner.Run(
        args[1],
        args.Length >= 3 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 10,
        args.Length >= 4 ? long.Parse(args[3], CultureInfo.InvariantCulture) : long.MaxValue);
}

if (args.Length >= 3 && args[0] == "--interleave")
{
    // --interleave <Class> <Method,Method,…> [rounds]
    return InterleavedRunner.Run(args[1], args[2], args.Length >= 4 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 500);
}

return SuiteRunner.Run(args);

/// <summary>Entry point marker.</summary>
public partial class Program
{
}
