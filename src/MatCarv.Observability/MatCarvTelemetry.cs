using MatCarv.Observability.Context;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Extensibility;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Logging;

namespace MatCarv.Observability;

/// <summary>
/// One MatCarv telemetry instance: every signal of a host (resolve it from the container after
/// <c>AddMatCarvObservability</c> or <c>AddMatCarvLogging</c>) or of a <see cref="MatCarvLambda"/>. It flushes every signal
/// with a deadline, flushes or clears the current request's log buffer, opens invocation scopes, and reports what was
/// dropped. Every member is safe from any thread and never throws after start-up.
/// </summary>
public sealed class MatCarvTelemetry
{
    private readonly TelemetryRuntime _runtime;
    private readonly TelemetryFlushCoordinator _flush;
    private readonly ITelemetryStartup[] _startups;
    private readonly IInvocationListener[] _listeners;
    private readonly TelemetrySignal[] _signals;
    private readonly LoggingPipeline? _logging;
    private int _started;

    internal MatCarvTelemetry(
        TelemetryRuntime runtime,
        TelemetryFlushCoordinator flush,
        IEnumerable<ITelemetryStartup> startups,
        IEnumerable<IInvocationListener> listeners,
        IEnumerable<TelemetrySignal> signals,
        LoggingPipeline? logging)
    {
        _runtime = runtime;
        _flush = flush;
        _startups = [.. startups];
        _listeners = [.. listeners];
        _signals = [.. signals];
        _logging = logging;
    }

    /// <summary>The service identity computed at start-up.</summary>
    public ServiceIdentity Identity => _runtime.Identity;

    /// <summary>The execution environment detected at start-up.</summary>
    public ExecutionEnvironment Environment => _runtime.Execution;

    internal TelemetryRuntime Runtime => _runtime;

    internal IReadOnlyList<TelemetrySignal> Signals => _signals;

    /// <summary>
    /// Flushes every signal now — metrics, spans, health events and any added signal, then the stdout pipeline — and waits at
    /// most <paramref name="timeout"/>. What is not sent by then stays queued for the next flush.
    /// </summary>
    /// <param name="timeout">The deadline (positive).</param>
    /// <param name="cancellationToken">Ends the wait early, like the deadline.</param>
    /// <returns>True when every signal finished before the deadline; false when the deadline or the token cut it short.</returns>
    public ValueTask<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _flush.FlushAsync(timeout, cancellationToken);

    /// <summary>
    /// Writes out the log entries buffered for the current Lambda invocation or request (<c>MatCarvLoggerOptions.Buffering</c>),
    /// oldest first with their original timestamps, as an error would (Powertools' <c>FlushBuffer</c>). Does nothing when
    /// nothing is buffered on this async flow.
    /// </summary>
    public void FlushLogBuffer() => _logging?.FlushCurrentBuffer();

    /// <summary>Discards the log entries buffered for the current Lambda invocation or request (Powertools' <c>ClearBuffer</c>).</summary>
    public void ClearLogBuffer() => _logging?.ClearCurrentBuffer();

    /// <summary>
    /// What the SDK dropped so far, by signal and reason (the same counts as the <c>matcarv.telemetry.dropped</c> counter of
    /// the <c>MatCarv.Observability</c> meter).
    /// </summary>
    /// <returns>A snapshot; later drops do not change it.</returns>
    public TelemetryDiagnosticsSnapshot GetDiagnostics() => _runtime.Diagnostics.Snapshot();

    /// <summary>
    /// Starts a Lambda invocation (or a request treated as one): sets <see cref="InvocationContext.Current"/> on this async
    /// flow, claims the cold start, and tells every signal. Dispose the scope before the response is returned: that ends the
    /// invocation and flushes every signal within the invocation's deadline.
    /// </summary>
    /// <param name="invocation">The invocation facts.</param>
    /// <returns>The scope.</returns>
    public InvocationScope BeginInvocation(LambdaInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var context = invocation.CreateContext(_runtime);
        var previous = InvocationContext.Swap(context);
        foreach (var listener in _listeners)
        {
            try
            {
                listener.OnInvocationStarted(context);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _runtime.Diagnostics.ReportDrop("invocation", "listener_failed");
            }
        }

        foreach (var signal in _signals)
        {
            try
            {
                signal.OnInvocationStarted(context);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _runtime.Diagnostics.ReportDrop(signal.Name, "invocation_listener_failed");
            }
        }

        return new InvocationScope(this, context, previous);
    }

    /// <summary>Starts every signal's listeners and background work once (the host's start, or <c>MatCarvLambda.Create</c>).</summary>
    internal void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        foreach (var startup in _startups)
        {
            startup.Start();
        }

        foreach (var signal in _signals)
        {
            try
            {
                signal.Start();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _runtime.Diagnostics.ReportDrop(signal.Name, "start_failed");
            }
        }
    }

    internal ValueTask EndInvocation(InvocationContext context, InvocationContext? previous, Exception? error)
    {
        foreach (var listener in _listeners)
        {
            try
            {
                listener.OnInvocationEnded(context, error);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _runtime.Diagnostics.ReportDrop("invocation", "listener_failed");
            }
        }

        foreach (var signal in _signals)
        {
            try
            {
                signal.OnInvocationEnded(context, error);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _runtime.Diagnostics.ReportDrop(signal.Name, "invocation_listener_failed");
            }
        }

        InvocationContext.Swap(previous);
        var options = _runtime.Options;
        var timeout = context.Deadline is { } deadline
            ? deadline - _runtime.Time.GetUtcNow() - options.LambdaFlushMargin
            : options.LambdaFlushTimeout;
        if (timeout < TimeSpan.FromMilliseconds(1))
        {
            timeout = TimeSpan.FromMilliseconds(1);
        }

        var flush = _flush.FlushAsync(timeout, CancellationToken.None);
        return flush.IsCompletedSuccessfully ? default : new ValueTask(flush.AsTask());
    }
}
