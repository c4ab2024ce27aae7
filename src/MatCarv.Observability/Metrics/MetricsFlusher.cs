namespace MatCarv.Observability.Metrics;

/// <summary>Writes the metrics at the end of every Lambda invocation and at shutdown, before stdout is flushed.</summary>
internal sealed class MetricsFlusher : ITelemetryFlusher
{
    private readonly MetricsFlushEngine _engine;

    public MetricsFlusher(MetricsFlushEngine engine) => _engine = engine;

    /// <summary>Producers flush before stdout (1000); metrics before logs' late producers is irrelevant, 10 is early.</summary>
    public int FlushOrder => 10;

    // Not an async method: each async method is generic runtime code over its state machine that no ReadyToRun image holds,
    // JIT-compiled on a cold start's first flush (benchmarks/ColdStart/run.sh --methods); a throw here reaches the caller's
    // catch as it would through an await.
    public ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        _engine.Flush();
        return _engine.Sink.FlushAsync(cancellationToken);
    }
}
