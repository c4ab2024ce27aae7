using MatCarv.Observability;
using MatCarv.Observability.Metrics;
using MatCarv.OpenTelemetry;

// The extension lives in OpenTelemetry's namespace, where AddOtlpExporter and the other exporters are found.
#pragma warning disable IDE0130
namespace OpenTelemetry.Metrics;
#pragma warning restore IDE0130

/// <summary>Adds MatCarv's CloudWatch EMF exporter to an OpenTelemetry <see cref="MeterProviderBuilder"/>.</summary>
public static class MatCarvMeterProviderBuilderExtensions
{
    /// <summary>
    /// Writes the provider's metrics as CloudWatch embedded metric format documents, to standard output (Lambda, or any
    /// container whose log driver ships stdout to CloudWatch Logs) or to the CloudWatch agent (<c>AWS_EMF_AGENT_ENDPOINT</c>,
    /// <see cref="MatCarvMetricsOptions.Destination"/>), with the documents, dimensions, units, splitting and validation of
    /// MatCarv.Observability's own metrics. A <see cref="PeriodicExportingMetricReader"/> collects every
    /// <see cref="MatCarvMetricsOptions.ExportInterval"/> (default 60 s) with delta temporality, so counters and histograms are
    /// written per interval; up-down counters (cumulative in OpenTelemetry) and gauges as their current value; histograms
    /// (explicit or base-2 exponential buckets) as EMF distributions with the point's exact count, sum, minimum and maximum.
    /// Point tags become dimensions beside the <c>service</c> and default dimensions. Invalid settings throw when the provider
    /// is built, naming the setting; bad points are dropped and counted (<c>matcarv.telemetry.dropped{signal=metrics}</c>).
    /// <para>
    /// Do not also collect the same meters with MatCarv.Observability's own metrics (<see cref="MatCarvMetricsOptions.Meters"/>):
    /// CloudWatch would count every measurement twice (docs/opentelemetry.md).
    /// </para>
    /// </summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <param name="configureMetrics">Namespace, default dimensions, destination, collection interval, tag policy, resolution.</param>
    /// <param name="configureShared">Service name (the <c>service</c> dimension), output stream, and where SDK warnings go.</param>
    /// <returns>The builder.</returns>
    public static MeterProviderBuilder AddMatCarvEmfExporter(
        this MeterProviderBuilder builder,
        Action<MatCarvMetricsOptions>? configureMetrics = null,
        Action<MatCarvObservabilityOptions>? configureShared = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var shared = new MatCarvObservabilityOptions();
        configureShared?.Invoke(shared);
        var metrics = new MatCarvMetricsOptions();
        configureMetrics?.Invoke(metrics);

        // Created when the provider is built (not now): settings errors surface from Build().
        return builder.AddReader(_ =>
        {
            var exporter = new EmfMetricExporterAdapter(shared, metrics);
            double interval = metrics.ExportInterval.TotalMilliseconds;
            return new PeriodicExportingMetricReader(exporter, (int)Math.Clamp(interval, 1, int.MaxValue))
            {
                // EMF values are per interval: CloudWatch sums counter values over a period itself.
                TemporalityPreference = MetricReaderTemporalityPreference.Delta,
            };
        });
    }
}
