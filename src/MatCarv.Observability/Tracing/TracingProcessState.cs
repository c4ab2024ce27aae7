using System.Diagnostics;
using MatCarv.Observability.Tracing.Propagation;

namespace MatCarv.Observability.Tracing;

/// <summary>
/// The process-wide state the tracing signal changes while it runs, in one place (docs/tracing.md, "Process-wide state"):
/// <see cref="Activity.TraceIdGenerator"/> (option <c>UseXRayTraceIds</c>) and <see cref="DistributedContextPropagator.Current"/>
/// (option <c>PropagateXRayHeader</c>). Installed by whichever exporter starts (X-Ray daemon or OTLP), put back when it is
/// disposed if still in place. Without a propagator (<see cref="XRaySegmentExporter"/>, the export stage of another tracer)
/// only the trace-id generator is changed: propagation belongs to that tracer.
/// </summary>
internal sealed class TracingProcessState
{
    private readonly TracingSettings _settings;
    private readonly XRayPropagator? _propagator;
    private readonly object _gate = new();
    private Func<ActivityTraceId>? _generator;
    private Func<ActivityTraceId>? _previousGenerator;
    private bool _installed;

    public TracingProcessState(TracingSettings settings, XRayPropagator? propagator)
    {
        _settings = settings;
        _propagator = propagator;
    }

    public void Install()
    {
        lock (_gate)
        {
            if (_installed)
            {
                return;
            }

            _installed = true;
            if (_settings.UseXRayTraceIds)
            {
                // Every new trace id (ours, ASP.NET Core's, HttpClient's) is also a valid X-Ray trace id, so logs (which print
                // Activity.Current's trace id in X-Ray form), spans and headers show one id.
                _previousGenerator = Activity.TraceIdGenerator;
                _generator = static () => XRayTraceId.NewActivityTraceId();
                Activity.TraceIdGenerator = _generator;
            }

            if (_settings.PropagateXRayHeader && _propagator is not null)
            {
                _propagator.InstallAsCurrent();
            }
        }
    }

    public void Uninstall()
    {
        lock (_gate)
        {
            if (!_installed)
            {
                return;
            }

            _installed = false;
            _propagator?.UninstallIfCurrent();
            if (_generator is not null && ReferenceEquals(Activity.TraceIdGenerator, _generator))
            {
                // Put back what was there, unless someone replaced ours in the meantime.
                Activity.TraceIdGenerator = _previousGenerator;
            }
        }
    }
}
