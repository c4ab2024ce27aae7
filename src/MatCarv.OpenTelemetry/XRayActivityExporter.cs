using System.Diagnostics;
using MatCarv.Observability;
using MatCarv.Observability.Tracing;
using OpenTelemetry;
using OpenTelemetry.Resources;

namespace MatCarv.OpenTelemetry;

/// <summary>
/// An OpenTelemetry exporter that hands each batch to MatCarv's <see cref="XRaySegmentExporter"/>: the same documents,
/// nesting, splitting and validation as MatCarv.Observability's own pipeline. OpenTelemetry's sampler decides what is
/// exported. Added by <c>TracerProviderBuilder.AddMatCarvXRayExporter</c>.
/// </summary>
internal sealed class XRayActivityExporter : BaseExporter<Activity>
{
    private readonly object _gate = new();
    private readonly MatCarvObservabilityOptions _shared;
    private readonly MatCarvTracingOptions _tracing;
    private XRaySegmentExporter _exporter;
    private bool _named;
    private Activity[] _buffer = new Activity[64];

    /// <summary>Creates the inner exporter now, so that invalid settings fail when the provider is built.</summary>
    public XRayActivityExporter(MatCarvObservabilityOptions shared, MatCarvTracingOptions tracing)
    {
        _shared = shared;
        _tracing = tracing;
        _exporter = new XRaySegmentExporter(shared, tracing);
        _named = shared.ServiceName is not null || tracing.SegmentName is not null || ServiceNameInEnvironment(shared);
    }

    public override ExportResult Export(in Batch<Activity> batch)
    {
        lock (_gate)
        {
            try
            {
                NameFromResource();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return ExportResult.Failure;
            }

            int count = 0;
            foreach (var activity in batch)
            {
                if (count == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                _buffer[count++] = activity;
            }

            try
            {
                _exporter.Export(_buffer.AsSpan(0, count));
                return ExportResult.Success;
            }
            catch (ObjectDisposedException)
            {
                return ExportResult.Failure;
            }
            finally
            {
                // Finished activities are not kept alive by the buffer until the next batch.
                Array.Clear(_buffer, 0, count);
            }
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        lock (_gate)
        {
            _exporter.Flush();
            return true;
        }
    }

    protected override bool OnShutdown(int timeoutMilliseconds)
    {
        lock (_gate)
        {
            _exporter.Flush();
            return true;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _exporter.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static bool ServiceNameInEnvironment(MatCarvObservabilityOptions shared)
    {
        const string Variable = "POWERTOOLS_SERVICE_NAME";
        var value = shared.EnvironmentVariables is { } variables
            ? variables.GetValueOrDefault(Variable)
            : Environment.GetEnvironmentVariable(Variable);
        return !string.IsNullOrWhiteSpace(value);
    }

    /// <summary>
    /// When nothing of MatCarv's named the service, segments take the name OpenTelemetry's resource gives it
    /// (<c>AddService</c>, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>), as the collector's awsxray exporter
    /// does. The resource is known only once the provider is built, so this runs on the first export, on the export thread.
    /// </summary>
    private void NameFromResource()
    {
        if (_named)
        {
            return;
        }

        _named = true;
        string? name = null;
        foreach (var attribute in ParentProvider.GetResource().Attributes)
        {
            if (attribute.Key == "service.name")
            {
                name = attribute.Value as string;
                break;
            }
        }

        // OpenTelemetry's default when nothing names the service; ours ("service_undefined") says the same.
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith("unknown_service", StringComparison.Ordinal))
        {
            return;
        }

        // Disposed first, so that the trace-id generator it installed is put back before the new one installs its own. The
        // settings were valid a moment ago and the name does not change their validity.
        _shared.ServiceName = name;
        _exporter.Dispose();
        _exporter = new XRaySegmentExporter(_shared, _tracing);
    }
}
