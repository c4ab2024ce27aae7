using System.Text.Json;
using MatCarv.Observability.Collections;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>
/// One metric with one combination of dimensions: what a flush turns into a metric definition and its values.
/// Recording is lock-free and allocation-free.
/// </summary>
internal sealed class MetricSeries
{
    private readonly DistributionRecorder? _distribution;
    private double _sum;
    private double _last;
    private double _previousTotal;
    private int _touched;

    public MetricSeries(string name, MetricUnit unit, MetricResolution resolution, DimensionList dimensions, SeriesKind kind, int maxExactValues)
    {
        Name = name;
        EncodedName = JsonEncodedText.Encode(name);
        Unit = unit;
        Resolution = resolution;
        Dimensions = dimensions;
        Kind = kind;
        if (kind == SeriesKind.Distribution)
        {
            _distribution = new DistributionRecorder(maxExactValues);
        }
    }

    public string Name { get; }

    public JsonEncodedText EncodedName { get; }

    public MetricUnit Unit { get; }

    public MetricResolution Resolution { get; }

    /// <summary>The series' own dimensions (the service and default dimensions are added at flush).</summary>
    public DimensionList Dimensions { get; }

    public SeriesKind Kind { get; }

    /// <summary>Records a value CloudWatch accepts (<see cref="EmfRules.IsValidValue"/>). Nothing is ever dropped here.</summary>
    public void Record(double value)
    {
        switch (Kind)
        {
            case SeriesKind.Distribution:
                _distribution!.Record(value);
                return;
            case SeriesKind.Sum:
                double current = Volatile.Read(ref _sum);
                while (true)
                {
                    double seen = Interlocked.CompareExchange(ref _sum, current + value, current);
                    if (BitConverter.DoubleToInt64Bits(seen) == BitConverter.DoubleToInt64Bits(current))
                    {
                        break;
                    }

                    current = seen;
                }

                break;
            default:
                Volatile.Write(ref _last, value);
                break;
        }

        // Written after the value so that a flush which resets the flag also sees the value (or the next one does).
        if (Volatile.Read(ref _touched) == 0)
        {
            Volatile.Write(ref _touched, 1);
        }
    }

    /// <summary>
    /// Moves this interval's data points out: values to <paramref name="into"/>, or, for a distribution that outgrew its exact
    /// values, entries to <paramref name="entries"/> (<paramref name="isDistribution"/> true). Returns how many items were added
    /// (0: nothing to write).
    /// </summary>
    public int Collect(ValueList<double> into, ValueList<DistributionEntry> entries, out bool isDistribution)
    {
        if (Kind == SeriesKind.Distribution)
        {
            return _distribution!.Drain(into, entries, out isDistribution);
        }

        isDistribution = false;
        if (Interlocked.Exchange(ref _touched, 0) == 0)
        {
            return 0;
        }

        switch (Kind)
        {
            case SeriesKind.Sum:
                into.Add(Interlocked.Exchange(ref _sum, 0));
                return 1;
            case SeriesKind.LastValue:
                into.Add(Volatile.Read(ref _last));
                return 1;
            default:
                double total = Volatile.Read(ref _last);
                double delta = total - _previousTotal;
                _previousTotal = total;

                // A running total that went down was reset (the process behind the callback restarted): count from zero.
                into.Add(delta < 0 ? total : delta);
                return 1;
        }
    }
}
