using MatCarv.Observability;
using MatCarv.Observability.Tracing;
using MatCarv.OpenTelemetry;

// The extension lives in OpenTelemetry's namespace, where AddOtlpExporter and the other exporters are found.
#pragma warning disable IDE0130
namespace OpenTelemetry.Trace;
#pragma warning restore IDE0130

/// <summary>Adds MatCarv's X-Ray segment exporter to an OpenTelemetry <see cref="TracerProviderBuilder"/>.</summary>
public static class MatCarvTracerProviderBuilderExtensions
{
    /// <summary>
    /// Sends the provider's sampled spans to the X-Ray daemon or the CloudWatch agent (<c>AWS_XRAY_DAEMON_ADDRESS</c>, default
    /// <c>127.0.0.1:2000</c>) as X-Ray segment documents, batched by OpenTelemetry's <see cref="BatchActivityExportProcessor"/>,
    /// with the documents, splitting and validation of MatCarv.Observability's own tracing. The provider's sampler decides what
    /// X-Ray gets. Segments are named by <see cref="MatCarvTracingOptions.SegmentName"/>, else MatCarv's service name
    /// (<see cref="MatCarvObservabilityOptions.ServiceName"/>, <c>POWERTOOLS_SERVICE_NAME</c>), else the provider's resource
    /// (<c>service.name</c>). Invalid settings throw when the provider is built, naming the setting.
    /// <para>
    /// While the provider lives, new trace ids are X-Ray trace ids (<see cref="System.Diagnostics.Activity.TraceIdGenerator"/>;
    /// X-Ray rejects segments whose trace id does not start with a recent epoch second); set
    /// <see cref="MatCarvTracingOptions.UseXRayTraceIds"/> to false if something else already generates them. Do not also export
    /// the same sources with MatCarv.Observability's own tracing: X-Ray would get them twice (docs/opentelemetry.md).
    /// </para>
    /// </summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <param name="configureTracing">Daemon address, segment name, annotation tags, trace ids (sampling and source settings are not used).</param>
    /// <param name="configureShared">Service name, environment, and where SDK warnings go.</param>
    /// <returns>The builder.</returns>
    public static TracerProviderBuilder AddMatCarvXRayExporter(
        this TracerProviderBuilder builder,
        Action<MatCarvTracingOptions>? configureTracing = null,
        Action<MatCarvObservabilityOptions>? configureShared = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var shared = new MatCarvObservabilityOptions();
        configureShared?.Invoke(shared);
        var tracing = new MatCarvTracingOptions();
        configureTracing?.Invoke(tracing);

        // Created when the provider is built (not now): settings errors surface from Build(), and nothing process-wide
        // changes for a builder that is never built.
        return builder.AddProcessor(_ => new BatchActivityExportProcessor(new XRayActivityExporter(shared, tracing)));
    }
}
