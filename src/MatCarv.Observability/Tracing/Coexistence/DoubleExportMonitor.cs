namespace MatCarv.Observability.Tracing.Coexistence;

/// <summary>
/// The exporter's half of <see cref="DoubleExportCheck"/>: the caller's thread notes a span recorded by another listener (one
/// volatile write); the exporter's loop checks once and warns when the environment says OpenTelemetry sends to X-Ray too.
/// </summary>
internal sealed class DoubleExportMonitor
{
    private readonly TracingSettings _settings;
    private volatile bool _foreignTracerSeen;
    private bool _checked;

    public DoubleExportMonitor(TracingSettings settings)
    {
        _settings = settings;

        // Under FollowRecorded another tracer's sampler decides by definition.
        _foreignTracerSeen = settings.SamplingMode == XRaySamplingMode.FollowRecorded;
    }

    /// <summary>A span was recorded, but not by our sampler: another tracer listens to an exported source.</summary>
    public void NoteForeignRecorded()
    {
        if (!_foreignTracerSeen)
        {
            _foreignTracerSeen = true;
        }
    }

    /// <summary>Called on the exporter's loop; warns at most once.</summary>
    public void CheckOnce()
    {
        if (!_foreignTracerSeen || _checked)
        {
            return;
        }

        _checked = true;
        if (_settings.OpenTelemetrySendsToXRay is { } why)
        {
            _settings.Runtime.Diagnostics.Warn(DoubleExportCheck.Message(why), "tracing", "double_export");
        }
    }
}
