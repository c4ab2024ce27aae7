using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MatCarv.Benchmarks.Metrics;

/// <summary>An exporter that accepts every batch: the OpenTelemetry peer pays for aggregation, not for I/O.</summary>
public sealed class NoopMetricExporter : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
}
