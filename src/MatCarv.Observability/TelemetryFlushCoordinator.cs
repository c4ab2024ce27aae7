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
        var started = _runtime.Time.GetTimestamp();
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

        // stdout last, always: the lines are handed to the writer thread even when the deadline passed, and the flush waits
        // for them only until the deadline (a blocked stdout must not hold an invocation past it; they stay queued).
        var remaining = timeout - _runtime.Time.GetElapsedTime(started);
        await _runtime.Stdout.FlushAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero).ConfigureAwait(false);
    }
}
