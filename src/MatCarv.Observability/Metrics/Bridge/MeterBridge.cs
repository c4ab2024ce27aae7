using System.Diagnostics.Metrics;
using MatCarv.Observability.Metrics.Aggregation;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Metrics.Bridge;

/// <summary>
/// Listens to the instruments of the selected meters (<see cref="MatCarvMetricsOptions.Meters"/>) and aggregates their
/// measurements per dimension combination until the next flush: counters and up-down counters as sums, histograms as
/// distributions (exact values while few, then bounded Values/Counts), gauges as the last value, observable counters as the
/// increase since the previous flush.
/// </summary>
internal sealed class MeterBridge : ITelemetryStartup, IDisposable
{
    private readonly MetricRegistry _registry;
    private readonly object _gate = new();
    private MeterListener? _listener;
    private int _overlapAnnounced;

    public MeterBridge(MetricRegistry registry) => _registry = registry;

    public void Start()
    {
        var settings = _registry.Settings;
        if (!settings.Enabled || !settings.HasMeters)
        {
            return;
        }

        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
            listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
            listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
            listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
            listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
            listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
            listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
            listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
            _listener = listener;
            listener.Start();
        }
    }

    /// <summary>Runs the callbacks of observable instruments (called by the flush, before collecting).</summary>
    public void RecordObservables() => Volatile.Read(ref _listener)?.RecordObservableInstruments();

    public void Dispose()
    {
        lock (_gate)
        {
            _listener?.Dispose();
            _listener = null;
        }
    }

    private static SeriesKind? KindOf(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>) || definition == typeof(UpDownCounter<>))
        {
            return SeriesKind.Sum;
        }

        if (definition == typeof(Histogram<>))
        {
            return SeriesKind.Distribution;
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return SeriesKind.CumulativeDelta;
        }

        if (definition == typeof(ObservableGauge<>) || definition == typeof(ObservableUpDownCounter<>))
        {
            return SeriesKind.LastValue;
        }

#if NET9_0_OR_GREATER
        if (definition == typeof(Gauge<>))
        {
            return SeriesKind.LastValue;
        }
#endif
        return null;
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_registry.Settings.IsMeterSelected(instrument.Meter.Name) || KindOf(instrument) is not { } kind)
        {
            return;
        }

        if (!EmfRules.IsValidMetricName(instrument.Name))
        {
            _registry.Runtime.Diagnostics.ReportDrop(DropReasons.Signal, DropReasons.InvalidName);
            return;
        }

        if (instrument.Enabled && Interlocked.Exchange(ref _overlapAnnounced, 1) == 0)
        {
            // Another MeterListener (an OpenTelemetry MeterProvider, dotnet-counters) already collects this instrument. If it
            // also ends up in CloudWatch (OTLP to the CloudWatch agent or ADOT's awsemf, MatCarv.OpenTelemetry's EMF exporter),
            // the metric is written twice. Seen only when the other listener subscribed first; docs/opentelemetry.md.
            _registry.Runtime.Diagnostics.Warn(
                "Meter '" + instrument.Meter.Name + "' is also collected by another MeterListener (an OpenTelemetry MeterProvider?). "
                + "If that listener also sends it to CloudWatch, every metric of it is written twice: give each meter to one side "
                + "(MatCarvMetricsOptions.Meters or the MeterProvider's AddMeter). See docs/opentelemetry.md.",
                DropReasons.Signal,
                "shared_meter");
        }

        listener.EnableMeasurementEvents(instrument, new InstrumentState(instrument, kind, _registry));
    }
}
