using MatCarv.Observability.Context;

namespace MatCarv.Observability.Extensibility;

/// <summary>
/// A component of a signal package (MatCarv.HealthEvents, MatCarv.OpenTelemetry…) that takes part in the lifecycle of one
/// MatCarv telemetry instance: it is started with the other signals, flushed with them (at the end of every Lambda
/// invocation, on <see cref="MatCarvTelemetry.FlushAsync"/> and at graceful shutdown), told when invocations start and end,
/// and disposed with the telemetry. Add it with <see cref="Hosting.MatCarvObservabilityBuilder.AddSignal{TSignal}"/>.
/// </summary>
/// <remarks>
/// The telemetry calls these members; applications do not. Every override must return quickly and must not throw: an
/// exception is caught, counted as a drop (<c>matcarv.telemetry.dropped{signal=Name, reason=…_failed}</c>) and reported,
/// never passed on to the application. Built-in signals flush first; signals added with <c>AddSignal</c> flush after them, in
/// the order they were added, and before the shared stdout pipeline (so lines they write in their flush go out in the same
/// flush).
/// </remarks>
public abstract class TelemetrySignal : IDisposable
{
    private int _disposed;

    /// <summary>The signal's name in diagnostics (for example <c>health_events</c>): the <c>signal</c> of its drop counts.</summary>
    public abstract string Name { get; }

    /// <summary>Disposes the signal once (later calls do nothing): stop background work, release resources.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Starts the signal's background work or listeners. Called once, after every signal of the telemetry is built: when
    /// the host starts, or in <c>MatCarvLambda.Create</c>.
    /// </summary>
    protected internal virtual void Start()
    {
    }

    /// <summary>
    /// Sends or writes everything the signal holds in memory. Stop early, without throwing, when
    /// <paramref name="cancellationToken"/> fires: it carries the flush deadline (the Lambda invocation's remaining time
    /// minus a margin, or the caller's timeout).
    /// </summary>
    /// <param name="cancellationToken">Fires at the flush deadline.</param>
    /// <returns>A task that completes when the flush is done or abandoned.</returns>
    protected internal virtual ValueTask FlushAsync(CancellationToken cancellationToken) => default;

    /// <summary>Called on the invocation's async flow after <see cref="InvocationContext.Current"/> is set.</summary>
    /// <param name="invocation">The invocation that started.</param>
    protected internal virtual void OnInvocationStarted(InvocationContext invocation)
    {
    }

    /// <summary>Called on the invocation's async flow when it ends, before the end-of-invocation flush.</summary>
    /// <param name="invocation">The invocation that ended.</param>
    /// <param name="exception">The exception that ended it, if any.</param>
    protected internal virtual void OnInvocationEnded(InvocationContext invocation, Exception? exception)
    {
    }

    /// <summary>
    /// The object this signal offers for <paramref name="serviceType"/> (for example its publisher interface), so that an
    /// application without a container can reach it through <c>MatCarvLambda.Services</c>. Default: the signal itself when it
    /// is an instance of <paramref name="serviceType"/>.
    /// </summary>
    /// <param name="serviceType">The requested type.</param>
    /// <returns>The object, or null.</returns>
    protected internal virtual object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <summary>Releases the signal's resources.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}
