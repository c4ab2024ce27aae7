namespace MatCarv.Observability.Metrics.Sinks;

/// <summary>
/// EMF to standard output through the line writer shared with logs (one document per line, batched, never interleaved
/// with log lines). In Lambda this is the whole transport: CloudWatch Logs extracts the metrics from the function's log.
/// </summary>
internal sealed class StdoutEmfSink : IEmfSink
{
    private readonly TelemetryRuntime _runtime;

    public StdoutEmfSink(TelemetryRuntime runtime) => _runtime = runtime;

    public void WriteDocument(ReadOnlySpan<byte> document) => _runtime.Stdout.WriteLine(document);

    // The flush coordinator writes stdout after every producer (ITelemetryFlusher order).
    public ValueTask FlushAsync(CancellationToken cancellationToken) => default;

    public void Dispose()
    {
    }
}
