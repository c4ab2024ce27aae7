namespace MatCarv.Observability.Metrics;

/// <summary>Writes the metrics at the end of every Lambda invocation and at shutdown, before stdout is flushed.</summary>
internal sealed class MetricsFlusher : ITelemetryFlusher
{
    private readonly MetricsFlushEngine _engine;

    public MetricsFlusher(MetricsFlushEngine engine) => _engine = engine;

    /// <summary>Producers flush before stdout (1000); metrics before logs' late producers is irrelevant, 10 is early.</summary>
    public int FlushOrder => 10;

    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _engine.Flush();
        await _engine.Sink.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
