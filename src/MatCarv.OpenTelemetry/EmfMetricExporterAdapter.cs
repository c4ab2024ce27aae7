using MatCarv.Observability;
using MatCarv.Observability.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MatCarv.OpenTelemetry;

/// <summary>
/// An OpenTelemetry metric exporter that hands each collected batch to MatCarv's <see cref="EmfMetricExporter"/>: the same EMF
/// documents, dimensions, units, splitting and validation as MatCarv.Observability's own metrics. Sums and histograms arrive
/// as deltas (the reader added by <c>MeterProviderBuilder.AddMatCarvEmfExporter</c> prefers delta temporality: EMF values
/// are per interval); up-down counters, which OpenTelemetry keeps cumulative, are written as their current value, like a
/// gauge. Added by <c>MeterProviderBuilder.AddMatCarvEmfExporter</c>.
/// </summary>
internal sealed class EmfMetricExporterAdapter : BaseExporter<Metric>
{
    private const int InitialBuckets = 32;
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(5);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly EmfMetricExporter _exporter;
    private KeyValuePair<string, object?>[] _tags = new KeyValuePair<string, object?>[8];
    private double[] _lower = new double[InitialBuckets];
    private double[] _upper = new double[InitialBuckets];
    private long[] _counts = new long[InitialBuckets];

    /// <summary>Creates the inner exporter now, so that invalid settings fail when the provider is built.</summary>
    public EmfMetricExporterAdapter(MatCarvObservabilityOptions shared, MatCarvMetricsOptions metrics)
    {
        _time = shared.TimeProvider;
        _exporter = new EmfMetricExporter(shared, metrics);
    }

    public override ExportResult Export(in Batch<Metric> batch)
    {
        lock (_gate)
        {
            DateTimeOffset? end = null;
            try
            {
                foreach (var metric in batch)
                {
                    foreach (ref readonly var point in metric.GetMetricPoints())
                    {
                        end ??= point.EndTime;
                        AddPoint(metric, in point);
                    }
                }

                _exporter.Write(end ?? _time.GetUtcNow());

                // OpenTelemetry's ForceFlush and shutdown collect into Export and expect the data delivered when it returns;
                // our destinations buffer (stdout's batch, the agent's queue). This is the reader's export thread, never the
                // application's: wait for delivery, boundedly (what is not out by then still goes with the next write).
                _exporter.Flush(DeliveryTimeout);
                return ExportResult.Success;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return ExportResult.Failure;
            }
            finally
            {
                // Tag values are the application's: not kept alive until the next collection.
                Array.Clear(_tags);
            }
        }
    }

    protected override bool OnForceFlush(int timeoutMilliseconds) => _exporter.Flush(ToTimeSpan(timeoutMilliseconds));

    protected override bool OnShutdown(int timeoutMilliseconds) => _exporter.Flush(ToTimeSpan(timeoutMilliseconds));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _exporter.Dispose();
        }

        base.Dispose(disposing);
    }

    private static TimeSpan ToTimeSpan(int milliseconds) =>
        milliseconds == Timeout.Infinite ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(milliseconds);

    private void AddPoint(Metric metric, in MetricPoint point)
    {
        var tags = CopyTags(in point);
        switch (metric.MetricType)
        {
            case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                _exporter.AddValue(metric.Name, metric.Unit, isCount: true, tags, point.GetSumLong());
                break;
            case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                _exporter.AddValue(metric.Name, metric.Unit, isCount: true, tags, point.GetSumDouble());
                break;
            case MetricType.LongGauge:
                _exporter.AddValue(metric.Name, metric.Unit, isCount: false, tags, point.GetGaugeLastValueLong());
                break;
            case MetricType.DoubleGauge:
                _exporter.AddValue(metric.Name, metric.Unit, isCount: false, tags, point.GetGaugeLastValueDouble());
                break;
            case MetricType.Histogram:
                AddExplicitHistogram(metric, in point, tags);
                break;
            case MetricType.ExponentialHistogram:
                AddExponentialHistogram(metric, in point, tags);
                break;
        }
    }

    private ReadOnlySpan<KeyValuePair<string, object?>> CopyTags(in MetricPoint point)
    {
        var source = point.Tags;
        if (_tags.Length < source.Count)
        {
            _tags = new KeyValuePair<string, object?>[Math.Max(source.Count, _tags.Length * 2)];
        }

        int n = 0;
        foreach (var tag in source)
        {
            _tags[n++] = tag;
        }

        return _tags.AsSpan(0, n);
    }

    /// <summary>Explicit bounds b: bucket i is (b[i-1], b[i]], the first from −∞, the last to +∞ (OpenTelemetry's definition).</summary>
    private void AddExplicitHistogram(Metric metric, in MetricPoint point, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        int n = 0;
        double previous = double.NegativeInfinity;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            EnsureBuckets(n + 1);
            _lower[n] = previous;
            _upper[n] = bucket.ExplicitBound;
            _counts[n] = bucket.BucketCount;
            previous = bucket.ExplicitBound;
            n++;
        }

        AddDistribution(metric, in point, tags, n, point.GetHistogramCount());
    }

    /// <summary>
    /// Base-2 exponential buckets of scale s: positive bucket at index i is (base^i, base^(i+1)] with base = 2^(2^−s); the
    /// zero bucket holds values equal to 0 (OpenTelemetry .NET's zero threshold). OpenTelemetry .NET records no negative
    /// values in this aggregation.
    /// </summary>
    private void AddExponentialHistogram(Metric metric, in MetricPoint point, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var data = point.GetExponentialHistogramData();
        int n = 0;
        if (data.ZeroCount > 0)
        {
            EnsureBuckets(1);
            _lower[0] = 0;
            _upper[0] = 0;
            _counts[0] = data.ZeroCount;
            n = 1;
        }

        double scaleFactor = Math.Pow(2, -data.Scale);
        int index = data.PositiveBuckets.Offset;
        foreach (long count in data.PositiveBuckets)
        {
            if (count > 0)
            {
                EnsureBuckets(n + 1);

                // base^i = 2^(i·2^−s), computed per bound (not by repeated multiplication) so bounds do not drift.
                _lower[n] = Math.Pow(2, index * scaleFactor);
                _upper[n] = Math.Pow(2, (index + 1) * scaleFactor);
                _counts[n] = count;
                n++;
            }

            index++;
        }

        AddDistribution(metric, in point, tags, n, point.GetHistogramCount());
    }

    private void AddDistribution(Metric metric, in MetricPoint point, ReadOnlySpan<KeyValuePair<string, object?>> tags, int buckets, long count)
    {
        if (count == 0)
        {
            return;
        }

        double min = double.NaN;
        double max = double.NaN;
        if (point.TryGetHistogramMinMaxValues(out double recordedMin, out double recordedMax))
        {
            min = recordedMin;
            max = recordedMax;
        }

        _exporter.AddDistribution(metric.Name, metric.Unit, tags, _lower.AsSpan(0, buckets), _upper.AsSpan(0, buckets), _counts.AsSpan(0, buckets), count, point.GetHistogramSum(), min, max);
    }

    private void EnsureBuckets(int needed)
    {
        if (needed <= _counts.Length)
        {
            return;
        }

        int size = Math.Max(needed, _counts.Length * 2);
        Array.Resize(ref _lower, size);
        Array.Resize(ref _upper, size);
        Array.Resize(ref _counts, size);
    }
}
