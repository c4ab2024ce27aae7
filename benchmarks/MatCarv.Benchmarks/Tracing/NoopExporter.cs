using System.Diagnostics;
using OpenTelemetry;

namespace MatCarv.Benchmarks.Tracing;

/// <summary>OpenTelemetry exporter that does nothing but count (the "no-op exporter" peer).</summary>
internal sealed class NoopExporter : BaseExporter<Activity>
{
    private long _exported;

    /// <summary>Spans handed to this exporter so far.</summary>
    public long Exported => Interlocked.Read(ref _exported);

    public override ExportResult Export(in Batch<Activity> batch)
    {
        Interlocked.Add(ref _exported, batch.Count);
        return ExportResult.Success;
    }
}
