namespace MatCarv.HealthEvents;

/// <summary>
/// Publishes health events to Amazon EventBridge (or to stdout when no AWS is configured). Publishing only enqueues the
/// event into a bounded in-memory queue: it never blocks, never performs I/O and never throws after start-up. A background
/// sender batches, signs, sends and retries.
/// </summary>
public interface IHealthEventPublisher
{
    /// <summary>
    /// Enqueues <paramref name="healthEvent"/>: stamps its <see cref="HealthEvent.EventId"/>, <see cref="HealthEvent.Sequence"/>,
    /// observation time, trace context and (for a status change without one) previous status.
    /// When the queue is full the OLDEST queued event is dropped to make room (the newest status wins); drops are counted as
    /// <c>matcarv.telemetry.dropped{signal=health_events, reason=queue_full}</c> and show up as a gap in sequence numbers.
    /// </summary>
    /// <param name="healthEvent">The event; an instance can be published once.</param>
    /// <returns>True when the event was enqueued; false when it was rejected (already published, publisher stopped), counted.</returns>
    bool TryPublish(HealthEvent healthEvent);

    /// <summary>The status of the last <see cref="HealthEventKind.StatusChanged"/> event published, or null before the first.</summary>
    Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus? LastStatus { get; }
}
