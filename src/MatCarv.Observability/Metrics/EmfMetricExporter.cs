using MatCarv.Observability.Hosting;
using MatCarv.Observability.Metrics.Aggregation;
using MatCarv.Observability.Metrics.Emf;
using MatCarv.Observability.Metrics.Export;
using MatCarv.Observability.Metrics.Sinks;

namespace MatCarv.Observability.Metrics;

/// <summary>
/// Writes data points that another metrics SDK has already aggregated (sums, gauges, bucketed histograms) as CloudWatch EMF
/// documents, to standard output or the CloudWatch agent, with the same dimensions, units, splitting (100 metrics, 100
/// values or distribution entries per document), size limit and validation as the SDK's own metrics. It is the export stage
/// of another SDK, for example MatCarv.OpenTelemetry's exporter inside an OpenTelemetry <c>MeterProvider</c>: it adds no
/// <see cref="System.Diagnostics.Metrics.MeterListener"/>, changes no process-wide state and aggregates nothing itself.
/// Points are added with <see cref="AddValue"/> and <see cref="AddDistribution"/> and written together by <see cref="Write"/>
/// (points with the same dimensions share documents). Calls may come from several threads; they are serialised. Bad input
/// never throws: it is dropped and counted as <c>matcarv.telemetry.dropped{signal=metrics}</c> (<see cref="GetDropCount"/>).
/// </summary>
public sealed class EmfMetricExporter : IDisposable
{
    private readonly object _gate = new();
    private readonly TelemetryRuntime _runtime;
    private readonly MetricsSettings _settings;
    private readonly IEmfSink _sink;
    private readonly ExportedPointBatch _batch;
    private bool _disposed;

    /// <summary>
    /// Creates the exporter. Settings are resolved and validated as the SDK's own metrics resolve them (environment variables
    /// such as <c>POWERTOOLS_METRICS_NAMESPACE</c> and <c>AWS_EMF_*</c> fill what is not set); an invalid setting throws
    /// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> here, naming it.
    /// </summary>
    /// <param name="shared">Service identity (the <c>service</c> dimension), output stream and where SDK warnings go; defaults from the environment when null.</param>
    /// <param name="metrics">
    /// Namespace, service dimension key, default dimensions, destination (stdout or agent), document size, tag policy and
    /// resolution; <see cref="MatCarvMetricsOptions.Meters"/>, <see cref="MatCarvMetricsOptions.ExportInterval"/>,
    /// <see cref="MatCarvMetricsOptions.CardinalityLimit"/>, <see cref="MatCarvMetricsOptions.MaxValuesPerMetric"/> and
    /// <see cref="MatCarvMetricsOptions.CaptureColdStart"/> belong to the SDK's own collection and are not used.
    /// </param>
    public EmfMetricExporter(MatCarvObservabilityOptions? shared = null, MatCarvMetricsOptions? metrics = null)
    {
        shared ??= new MatCarvObservabilityOptions();
        // The same shared-settings rules as a host or MatCarvLambda.Create, so a bad setting fails here, named, and not later.
        CoreOptionsValidation.ThrowIfInvalid(shared);
        _runtime = new TelemetryRuntime(shared);
        try
        {
            _settings = MetricsSettings.Resolve(metrics ?? new MatCarvMetricsOptions(), _runtime);
            _sink = MetricsRegistration.CreateSink(_settings, _runtime);
            _batch = new ExportedPointBatch(new MetricRegistry(_settings, _runtime));
        }
        catch
        {
            _sink?.Dispose();
            _runtime.Dispose();
            throw;
        }
    }

    /// <summary>Drops counted so far for <paramref name="reason"/> (signal <c>metrics</c>), as <c>matcarv.telemetry.dropped</c> reports them.</summary>
    /// <param name="reason">The drop reason, for example <c>invalid_value</c>, <c>invalid_dimension</c> or <c>agent_queue_full</c>.</param>
    /// <returns>The count.</returns>
    public long GetDropCount(string reason) => _runtime.Diagnostics.GetDropCount(DropReasons.Signal, reason);

    /// <summary>
    /// Adds one value for the next <see cref="Write"/>: the sum of a counter over the interval, the current value of a gauge or
    /// an up-down counter. Tags become dimensions as a meter's tags do in the SDK's own metrics (null values left out, at most
    /// 30 keys with the service and default dimensions).
    /// </summary>
    /// <param name="name">The metric name.</param>
    /// <param name="unit">The instrument's unit as OpenTelemetry's semantic conventions write it (UCUM: <c>ms</c>, <c>By</c>, <c>{request}</c>), mapped to a CloudWatch unit.</param>
    /// <param name="isCount">True for a counter (a unit in braces, <c>1</c> or none is then <c>Count</c>).</param>
    /// <param name="tags">The point's tags.</param>
    /// <param name="value">The value.</param>
    public void AddValue(string name, string? unit, bool isCount, ReadOnlySpan<KeyValuePair<string, object?>> tags, double value)
    {
        lock (_gate)
        {
            if (_disposed || !_settings.Enabled)
            {
                return;
            }

            _batch.AddValue(name, EmfUnits.FromUcum(unit, isCount), tags, value);
        }
    }

    /// <summary>
    /// Adds one histogram data point for the next <see cref="Write"/>, known by its buckets: bucket <c>i</c> holds
    /// <paramref name="counts"/>[i] values in (<paramref name="lowerBounds"/>[i], <paramref name="upperBounds"/>[i]] (a bound may
    /// be infinite; equal bounds are one value). It is written as an EMF distribution (<c>Values</c>/<c>Counts</c>) whose
    /// count, minimum and maximum are the point's and whose sum is the point's, each document a possible statistic set.
    /// Values in a bucket without a finite range (an open first or last bucket when the point has no minimum or maximum) and
    /// values the buckets do not account for are dropped and counted as <c>invalid_value</c>.
    /// </summary>
    /// <param name="name">The metric name.</param>
    /// <param name="unit">The instrument's unit (UCUM), mapped to a CloudWatch unit.</param>
    /// <param name="tags">The point's tags.</param>
    /// <param name="lowerBounds">Each bucket's lower bound.</param>
    /// <param name="upperBounds">Each bucket's upper bound.</param>
    /// <param name="counts">Each bucket's count.</param>
    /// <param name="totalCount">The point's count.</param>
    /// <param name="sum">The point's sum.</param>
    /// <param name="min">The point's minimum, or <see cref="double.NaN"/> when unknown.</param>
    /// <param name="max">The point's maximum, or <see cref="double.NaN"/> when unknown.</param>
    /// <exception cref="ArgumentException">The three bucket spans differ in length.</exception>
    public void AddDistribution(
        string name,
        string? unit,
        ReadOnlySpan<KeyValuePair<string, object?>> tags,
        ReadOnlySpan<double> lowerBounds,
        ReadOnlySpan<double> upperBounds,
        ReadOnlySpan<long> counts,
        long totalCount,
        double sum,
        double min,
        double max)
    {
        if (lowerBounds.Length != counts.Length || upperBounds.Length != counts.Length)
        {
            throw new ArgumentException("lowerBounds, upperBounds and counts must have one element per bucket.", nameof(counts));
        }

        lock (_gate)
        {
            if (_disposed || !_settings.Enabled)
            {
                return;
            }

            _batch.AddDistribution(name, EmfUnits.FromUcum(unit, isCounter: false), tags, lowerBounds, upperBounds, counts, totalCount, sum, min, max);
        }
    }

    /// <summary>
    /// Writes the points added since the previous call as EMF documents stamped <paramref name="timestamp"/> (the end of the
    /// interval they describe) and hands them to the destination (the agent's queue, or standard output's batch).
    /// </summary>
    /// <param name="timestamp">The documents' timestamp.</param>
    /// <returns>How many documents were written.</returns>
    public int Write(DateTimeOffset timestamp)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return 0;
            }

            try
            {
                return _batch.Write(timestamp.ToUnixTimeMilliseconds(), _sink);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _runtime.Diagnostics.ReportDrop(DropReasons.Signal, "flush_failed");
                return 0;
            }
        }
    }

    /// <summary>
    /// Delivers what <see cref="Write"/> handed over: the agent's queue, then standard output (documents and SDK warnings),
    /// waiting at most <paramref name="timeout"/>.
    /// </summary>
    /// <param name="timeout">How long to wait at most.</param>
    /// <returns>False when the timeout cut delivery short.</returns>
    public bool Flush(TimeSpan timeout)
    {
        long started = _runtime.Time.GetTimestamp();
        lock (_gate)
        {
            if (_disposed)
            {
                return true;
            }

            using var deadline = new CancellationTokenSource(timeout);

            // The sink's flush never throws: it completes when its queue is empty or the deadline fires.
            if (!_sink.FlushAsync(deadline.Token).AsTask().Wait(timeout) || deadline.IsCancellationRequested)
            {
                return false;
            }
        }

        var remaining = timeout == Timeout.InfiniteTimeSpan ? timeout : timeout - _runtime.Time.GetElapsedTime(started);
        return (remaining == Timeout.InfiniteTimeSpan || remaining > TimeSpan.Zero) && _runtime.Stdout.Flush(remaining);
    }

    /// <summary>Writes nothing further: points added but not written are discarded; call <see cref="Write"/> and <see cref="Flush"/> first.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _batch.Dispose();
            _sink.Dispose();
        }

        _runtime.Dispose();
    }
}
