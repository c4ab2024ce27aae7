using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace MatCarv.Benchmarks.Reliability;

/// <summary>
/// One figure of <see cref="FloodLatencyBenchmarks"/> in BenchmarkDotNet's tables: a percentile or the maximum of single-call
/// latency (µs), or the lines lost (dropped and counted by the logger) out of the calls made. Benchmark processes write their
/// histograms to <see cref="Directory"/> (one file per process and case, <see cref="FloodLatencyBenchmarks"/>); this column,
/// in the host process, merges the files of a case over its launches.
/// </summary>
internal sealed class FloodLatencyColumn : IColumn
{
    /// <summary>The variable naming the directory the benchmark processes write to (inherited from the host).</summary>
    public const string DirectoryVariable = "MATCARV_FLOOD_LATENCY_DIR";

    private readonly string _name;
    private readonly double? _quantile;

    private FloodLatencyColumn(string name, double? quantile)
    {
        _name = name;
        _quantile = quantile;
    }

    public static IColumn[] All { get; } =
    [
        new FloodLatencyColumn("p50 µs", 0.50),
        new FloodLatencyColumn("p99 µs", 0.99),
        new FloodLatencyColumn("p99.9 µs", 0.999),
        new FloodLatencyColumn("Max µs", 1.0),
        new FloodLatencyColumn("Lost lines", null),
    ];

    /// <summary>The directory of this run: set once in the host, inherited by every benchmark process it starts.</summary>
    public static string Directory
    {
        get
        {
            var directory = Environment.GetEnvironmentVariable(DirectoryVariable);
            if (directory is null)
            {
                directory = Path.Combine(Path.GetTempPath(), "matcarv-flood-latency-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
                Environment.SetEnvironmentVariable(DirectoryVariable, directory);
            }

            System.IO.Directory.CreateDirectory(directory);
            return directory;
        }
    }

    public string Id => "FloodLatency." + _name;

    public string ColumnName => _name;

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _quantile is null
        ? "Lines the logger dropped (and counted) out of the calls made: a logger that drops instead of blocking buys its latency with lines"
        : $"Latency of single calls with 4 producer threads flooding, {(_quantile == 1.0 ? "maximum" : "percentile " + (_quantile.Value * 100).ToString(CultureInfo.InvariantCulture))} over the measured iterations (µs)";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var histogram = new LatencyHistogram();
        long calls = 0;
        long lost = 0;
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, FloodLatencyBenchmarks.FilePrefix(benchmarkCase.Descriptor.WorkloadMethod.Name) + "*"))
        {
            var (c, l) = histogram.ReadFrom(file);
            calls += c;
            lost += l;
        }

        if (histogram.Count == 0)
        {
            return "-";
        }

        return _quantile switch
        {
            null => FormattableString.Invariant($"{lost:N0} of {calls:N0}"),
            1.0 => LatencyHistogram.ToMicroseconds(histogram.Max).ToString("N1", CultureInfo.InvariantCulture),
            { } q => LatencyHistogram.ToMicroseconds(histogram.Quantile(q)).ToString("N2", CultureInfo.InvariantCulture),
        };
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public override string ToString() => ColumnName;
}
