namespace MatCarv.Observability;

/// <summary>A signal component that must start listening when the telemetry starts (an <c>ActivityListener</c>, a <c>MeterListener</c>).</summary>
internal interface ITelemetryStartup
{
    /// <summary>Starts listening. Idempotent, never throws.</summary>
    void Start();
}
