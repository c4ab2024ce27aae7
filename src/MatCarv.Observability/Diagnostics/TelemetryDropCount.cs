namespace MatCarv.Observability.Diagnostics;

/// <summary>How many telemetry items the SDK dropped for one signal and reason (one point of <c>matcarv.telemetry.dropped</c>).</summary>
/// <param name="Signal">The signal (<c>logging</c>, <c>metrics</c>, <c>tracing</c>, <c>stdout</c>, <c>health_events</c>…).</param>
/// <param name="Reason">Why, as a short code (<c>buffer_full</c>, <c>queue_full</c>, <c>invalid_value</c>…).</param>
/// <param name="Count">How many since start-up.</param>
public readonly record struct TelemetryDropCount(string Signal, string Reason, long Count);
