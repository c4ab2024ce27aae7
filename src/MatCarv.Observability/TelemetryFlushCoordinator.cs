using MatCarv.Observability.Extensibility;

namespace MatCarv.Observability;

/// <summary>
/// Flushes every signal in order within a deadline: built-in producers by <see cref="ITelemetryFlusher.FlushOrder"/>, then
/// the signals added by packages in the order they were added, then stdout. Never throws.
/// </summary>
internal sealed class TelemetryFlushCoordinator
{
    private readonly ITelemetryFlusher[] _flushers;
    private readonly TelemetrySignal[] _signals;
    private readonly TelemetryRuntime _runtime;
    private CancellationTokenSource? _idleDeadline;

    public TelemetryFlushCoordinator(IEnumerable<ITelemetryFlusher> flushers, IEnumerable<TelemetrySignal> signals, TelemetryRuntime runtime)
    {
        _flushers = [.. flushers];

        // A stable insertion sort (a handful of items; registration order breaks ties, Array.Sort would not keep it).
        for (int i = 1; i < _flushers.Length; i++)
        {
            var item = _flushers[i];
            int j = i - 1;
            while (j >= 0 && _flushers[j].FlushOrder > item.FlushOrder)
            {
                _flushers[j + 1] = _flushers[j];
                j--;
            }

            _flushers[j + 1] = item;
        }

        _signals = [.. signals];
        _runtime = runtime;
    }

    /// <returns>True when every signal finished before the deadline and <paramref name="cancellationToken"/> did not fire.</returns>
    public async ValueTask<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            timeout = TimeSpan.FromMilliseconds(1);
        }

        // One deadline source is reused between flushes (TryReset), so a flush in which every signal completes synchronously
        // allocates nothing: Lambda flushes on every invocation, and the allocation tests measure the public flush.
        var deadline = Interlocked.Exchange(ref _idleDeadline, null) ?? new CancellationTokenSource(Timeout.InfiniteTimeSpan, _runtime.Time);
        deadline.CancelAfter(timeout);
        var linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken) : null;
        try
        {
            // One async method for the whole flush (not one per step): each async method is runtime code over its state
            // machine that no ReadyToRun image holds, JIT-compiled on a cold start's first flush.
            var token = linked?.Token ?? deadline.Token;
            var started = _runtime.Time.GetTimestamp();
            foreach (var flusher in _flushers)
            {
                try
                {
                    await flusher.FlushAsync(token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    _runtime.Diagnostics.ReportDrop(flusher.GetType().Name, "flush_failed");
                }
            }

            foreach (var signal in _signals)
            {
                try
                {
                    await signal.FlushAsync(token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    _runtime.Diagnostics.ReportDrop(signal.Name, "flush_failed");
                }
            }

            // stdout last, always: the lines are handed to the writer thread even when the deadline passed, and the flush waits
            // for them only until the deadline (a blocked stdout must not hold an invocation past it; they stay queued).
            var remaining = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout - _runtime.Time.GetElapsedTime(started);
            bool written = await _runtime.Stdout.FlushAsync(remaining > TimeSpan.Zero || remaining == Timeout.InfiniteTimeSpan ? remaining : TimeSpan.Zero).ConfigureAwait(false);
            return written && !token.IsCancellationRequested;
        }
        finally
        {
            linked?.Dispose();
            if (!deadline.TryReset() || Interlocked.CompareExchange(ref _idleDeadline, deadline, null) is not null)
            {
                deadline.Dispose();
            }
        }
    }

}
