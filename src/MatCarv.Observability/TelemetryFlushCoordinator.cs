namespace MatCarv.Observability;

/// <summary>Flushes every registered signal in order within a deadline. Never throws.</summary>
internal sealed class TelemetryFlushCoordinator
{
    private readonly ITelemetryFlusher[] _flushers;
    private readonly TelemetryRuntime _runtime;

    public TelemetryFlushCoordinator(IEnumerable<ITelemetryFlusher> flushers, TelemetryRuntime runtime)
    {
        _flushers = flushers.OrderBy(f => f.FlushOrder).ToArray();
        _runtime = runtime;
    }

    public async ValueTask FlushAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout, _runtime.Time);
        foreach (var flusher in _flushers)
        {
            try
            {
                await flusher.FlushAsync(cts.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _runtime.Diagnostics.ReportDrop(flusher.GetType().Name, "flush_failed");
            }
        }

        // stdout last, always, even when the deadline passed: it is a local memcpy-and-write.
        _runtime.Stdout.Flush();
    }
}
