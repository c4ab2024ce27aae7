using System.Diagnostics;
using MatCarv.Observability.Hosting;
using MatCarv.Observability.Tracing.Export;
using MatCarv.Observability.Tracing.Transport;

namespace MatCarv.Observability.Tracing;

/// <summary>
/// Sends finished activities to the X-Ray daemon (or the CloudWatch agent) as segment documents, with the same
/// serialisation, nesting, 64 KB splitting, trimming and validation as the SDK's own tracing pipeline. It is the export
/// stage of another tracer, for example MatCarv.OpenTelemetry's exporter inside an OpenTelemetry <c>TracerProvider</c>:
/// it adds no <see cref="ActivityListener"/>, does not sample (the caller hands it what its tracer recorded) and leaves
/// <see cref="DistributedContextPropagator.Current"/> alone. The one process-wide change, made while it lives and undone
/// when it is disposed, is <see cref="Activity.TraceIdGenerator"/> when <see cref="MatCarvTracingOptions.UseXRayTraceIds"/>
/// is true (the default): X-Ray rejects segments whose trace id does not start with a recent epoch second, which random
/// W3C ids almost never do. Calls may come from several threads; they are serialised.
/// </summary>
public sealed class XRaySegmentExporter : IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StdoutFlushTimeout = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly TelemetryRuntime _runtime;
    private readonly TracingProcessState _processState;
    private readonly UdpDaemonSender _sender;
    private readonly TraceAssembler _assembler;
    private long _lastSweep;
    private bool _disposed;

    /// <summary>
    /// Creates the exporter. Settings are resolved and validated as the SDK's pipeline resolves them (environment variables
    /// fill what is not set); an invalid setting throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/>
    /// here, naming it. The OTLP settings and variables are not read: documents always go to the daemon address.
    /// </summary>
    /// <param name="shared">Service identity (the segment name), environment, and where SDK warnings go; defaults from the environment when null.</param>
    /// <param name="tracing">
    /// Daemon address, segment name, annotation tags, <see cref="MatCarvTracingOptions.UseXRayTraceIds"/>; the sampling,
    /// source, propagation and OTLP settings are not used.
    /// </param>
    public XRaySegmentExporter(MatCarvObservabilityOptions? shared = null, MatCarvTracingOptions? tracing = null)
    {
        shared ??= new MatCarvObservabilityOptions();
        // The same shared-settings rules as a host or MatCarvLambda.Create, so a bad setting fails here, named, and not later.
        CoreOptionsValidation.ThrowIfInvalid(shared);
        _runtime = new TelemetryRuntime(shared);
        try
        {
            var settings = new TracingSettings(tracing ?? new MatCarvTracingOptions(), _runtime, daemonOnly: true);
            _sender = new UdpDaemonSender(settings.DaemonAddress, _runtime.Diagnostics);

            // The caller gives what its tracer recorded: every recorded ancestor is one of the exported activities.
            _assembler = new TraceAssembler(settings, _sender.Send, static _ => true);
            _processState = new TracingProcessState(settings, propagator: null);
            _processState.Install();
            settings.LogGroups.Start();
            _lastSweep = _runtime.Time.GetTimestamp();
        }
        catch
        {
            _sender?.Dispose();
            _runtime.Dispose();
            throw;
        }
    }

    /// <summary>Drops counted so far for <paramref name="reason"/> (signal <c>tracing</c>), as <c>matcarv.telemetry.dropped</c> reports them.</summary>
    /// <param name="reason">The drop reason, for example <c>send_failed</c> or <c>document_trimmed</c>.</param>
    /// <returns>The count.</returns>
    public long GetDropCount(string reason) => _runtime.Diagnostics.GetDropCount("tracing", reason);

    /// <summary>
    /// Exports finished activities; those not <see cref="Activity.Recorded"/> are skipped. A local root is sent at once with
    /// its finished descendants nested; children whose root is still running wait for it (until it finishes, until
    /// <see cref="Flush"/>, or until their trace has been idle for 30 seconds, checked on later calls). Never throws for bad
    /// data: invalid values are corrected or dropped and counted.
    /// </summary>
    /// <param name="activities">The finished activities.</param>
    /// <exception cref="ObjectDisposedException">The exporter was disposed.</exception>
    public void Export(ReadOnlySpan<Activity> activities)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var time = _runtime.Time;
            long now = time.GetTimestamp();
            foreach (var activity in activities)
            {
                if (activity is null || !activity.Recorded)
                {
                    continue;
                }

                try
                {
                    _assembler.Add(activity, now);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    _runtime.Diagnostics.ReportDrop("tracing", "export_failed");
                }
            }

            if (time.GetElapsedTime(_lastSweep, now) >= SweepInterval)
            {
                _lastSweep = now;
                _assembler.SweepIdle(now, time);
            }

            // This call's datagrams go out together (one sendmmsg on Linux).
            _assembler.SendQueued();
        }
    }

    /// <summary>
    /// Sends the finished spans still waiting for their root (a flush, a shutdown) and writes pending SDK warnings, waiting at
    /// most one second for standard output.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The exporter was disposed.</exception>
    public void Flush()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _assembler.FlushPending();
        }

        _runtime.Stdout.Flush(StdoutFlushTimeout);
    }

    /// <summary>Sends what is pending, closes the socket and puts back the trace-id generator if it is still the one installed.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _processState.Uninstall();
            try
            {
                _assembler.FlushPending();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _runtime.Diagnostics.ReportDrop("tracing", "export_failed");
            }

            _assembler.Dispose();
            _sender.Dispose();
        }

        _runtime.Dispose();
    }
}
