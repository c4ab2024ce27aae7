using System.Diagnostics;
using MatCarv.Observability.Context;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents;

/// <summary>
/// One health event (schema <c>health-event</c> version <see cref="SchemaVersion"/>). The caller sets what it knows
/// (status, reason, checks); <see cref="IHealthEventPublisher.TryPublish"/> stamps the rest once, so the event id, dedup key
/// and sequence number stay the same however often the sender retries it.
/// </summary>
public sealed class HealthEvent
{
    /// <summary>The version of the <c>detail</c> schema (<c>Schema/health-event-v1.schema.json</c>) this SDK writes.</summary>
    public const string SchemaVersion = "1.0";

    private int _published;
    private HealthEventKind _kind;
    private HealthStatus? _previousStatus;
    private DateTimeOffset? _observedAt;

    /// <summary>Creates a status-change event.</summary>
    /// <param name="status">The service's status.</param>
    /// <param name="reason">Why (short, human-readable, no secrets).</param>
    public HealthEvent(HealthStatus status, string? reason = null)
    {
        Status = status;
        Reason = reason;
    }

    /// <summary>
    /// Why the event was emitted. Default <see cref="HealthEventKind.StatusChanged"/>. A status change whose status equals
    /// the previous one (its <see cref="PreviousStatus"/>, else the last status change published) is published as a
    /// <see cref="HealthEventKind.Heartbeat"/>: consumers only ever see "statusChanged" for a real change.
    /// </summary>
    public HealthEventKind Kind
    {
        get => _kind;
        init => _kind = value;
    }

    /// <summary>The service's status.</summary>
    public HealthStatus Status { get; }

    /// <summary>
    /// The status before this change. When null on a <see cref="HealthEventKind.StatusChanged"/> event, the publisher fills it
    /// with the status of the previous status change it published (still null for the first).
    /// </summary>
    public HealthStatus? PreviousStatus
    {
        get => _previousStatus;
        init => _previousStatus = value;
    }

    /// <summary>Why the status is what it is, if known.</summary>
    public string? Reason { get; }

    /// <summary>The individual checks behind the status, if any.</summary>
    public IReadOnlyList<HealthEventCheck>? Checks { get; init; }

    /// <summary>How long all checks took together, if known.</summary>
    public TimeSpan? TotalDuration { get; init; }

    /// <summary>ARNs of the resources this event is about, added to the configured ones (EventBridge <c>Resources</c>).</summary>
    public IReadOnlyList<string>? Resources { get; init; }

    /// <summary>When the status was observed; when null, the time of publishing.</summary>
    public DateTimeOffset? ObservedAt
    {
        get => _observedAt;
        init => _observedAt = value;
    }

    /// <summary>
    /// The event's unique id, stamped at publish and reused by every retry: an RFC 9562 UUIDv8 derived from the process run
    /// id and <see cref="Sequence"/>.
    /// </summary>
    public Guid EventId { get; private set; }

    /// <summary>The per-instance sequence number (1, 2, 3… in publish order), stamped at publish. A gap means events were dropped.</summary>
    public long Sequence { get; private set; }

    /// <summary>True once the event has been published.</summary>
    public bool IsPublished => Volatile.Read(ref _published) != 0;

    // Trace context captured on the caller's flow at publish (structs and references only: no allocation there).
    /// <summary><see cref="Environment.TickCount64"/> at publish, when the time was not read there (see <see cref="Publishing.HealthEventPublisher"/>).</summary>
    internal long PublishTick { get; private set; }

    internal ActivityTraceId TraceId { get; private set; }

    internal ActivitySpanId SpanId { get; private set; }

    internal ActivityTraceFlags TraceFlags { get; private set; }

    internal bool HasActivity { get; private set; }

    internal string? TraceState { get; private set; }

    internal XRayTraceHeader? XRayHeader { get; private set; }

    internal string? RequestId { get; private set; }

    internal string? CorrelationId { get; private set; }

    /// <summary>The invoked function's ARN when published inside a Lambda invocation (its account fills the stdout envelope).</summary>
    internal string? FunctionArn { get; private set; }

    /// <summary>The observation time: as set or stamped, else converted from <see cref="PublishTick"/> with the current wall clock.</summary>
    internal DateTimeOffset ResolveObservedAt(TimeProvider time)
    {
        if (_observedAt is { } observed)
        {
            return observed;
        }

        // Background thread, once per event: wall clock now minus the monotonic time elapsed since publishing.
        var elapsed = Math.Max(0, Environment.TickCount64 - PublishTick);
        _observedAt = time.GetUtcNow() - TimeSpan.FromMilliseconds(elapsed);
        return _observedAt.Value;
    }

    /// <summary>Claims the event for publishing; false when it was already published.</summary>
    internal bool TryClaim() => Interlocked.Exchange(ref _published, 1) == 0;

    internal void Stamp(Guid eventId, long sequence, DateTimeOffset? now, long tick, HealthStatus? previous)
    {
        EventId = eventId;
        Sequence = sequence;
        if (_observedAt is null)
        {
            if (now is not null)
            {
                _observedAt = now;
            }
            else
            {
                PublishTick = tick;
            }
        }

        if (_kind == HealthEventKind.StatusChanged && _previousStatus is null && previous is not null)
        {
            _previousStatus = previous;
        }

        if (_kind == HealthEventKind.StatusChanged && _previousStatus == Status)
        {
            // Not a change: sent as a heartbeat, so that rules on status changes never fire for a repeated status.
            _kind = HealthEventKind.Heartbeat;
            _previousStatus = null;
        }

        var activity = Activity.Current;
        if (activity is not null)
        {
            HasActivity = true;
            TraceId = activity.TraceId;
            SpanId = activity.SpanId;
            TraceFlags = activity.ActivityTraceFlags;
            TraceState = activity.TraceStateString;
        }

        var invocation = InvocationContext.Current;
        if (invocation is not null)
        {
            XRayHeader = invocation.TraceHeader;
            RequestId = invocation.RequestId;
            CorrelationId = invocation.CorrelationId;
            FunctionArn = invocation.FunctionArn;
        }
    }
}
