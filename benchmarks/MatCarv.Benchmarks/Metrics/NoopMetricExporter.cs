using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MatCarv.Benchmarks.Metrics;

/// <summary>An exporter that accepts every batch: the OpenTelemetry peer pays for aggregation, not for I/O.</summary>
public sealed class NoopMetricExporter : BaseExporter<Metric>
{
    private long _exports;

    /// <summary>How many batches the reader exported (proves the periodic reader ran during a sustained benchmark).</summary>
    public long Exports => Interlocked.Read(ref _exports);

    public override ExportResult Export(in Batch<Metric> batch)
    {
        Interlocked.Increment(ref _exports);
        return ExportResult.Success;
    }
}
