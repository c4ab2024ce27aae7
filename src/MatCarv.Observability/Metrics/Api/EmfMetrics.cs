using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MatCarv.Observability.Metrics.Aggregation;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Metrics.Api;

/// <summary>
/// The <see cref="IMetrics"/> implementation. Recording finds the series without locking or allocating and adds the value
/// to the series' interval with one interlocked operation (<see cref="DistributionRecorder"/>); names, dimensions and values are validated once per series or per call
/// and dropped with a count when invalid (never thrown: the caller's request must not fail because of a metric).
/// </summary>
internal sealed class EmfMetrics : IMetrics
{
    private readonly MetricRegistry _registry;
    private readonly MetricsFlushEngine _engine;
    private readonly SeriesTable _shared;
    private readonly SeriesTable _dimensioned;
    private readonly bool _enabled;

    public EmfMetrics(MetricRegistry registry, MetricsFlushEngine engine)
    {
        _registry = registry;
        _engine = engine;
        _enabled = registry.Settings.Enabled;
        int maxEntries = Math.Max(registry.Settings.CardinalityLimit, 1) * 16;
        _shared = new SeriesTable(new ApiSeriesFactory(registry, shared: true), maxEntries);
        _dimensioned = new SeriesTable(new ApiSeriesFactory(registry, shared: false), maxEntries);
    }

    public string MetricNamespace => _registry.Settings.Namespace;

    public void AddMetric(string name, double value, MetricUnit unit = MetricUnit.None, MetricResolution resolution = MetricResolution.Standard)
    {
        if (_enabled)
        {
            Record(_shared, name, value, unit, resolution, default);
        }
    }

    public void AddMetric(string name, double value, MetricUnit unit, MetricResolution resolution, ReadOnlySpan<KeyValuePair<string, string>> dimensions)
    {
        if (_enabled)
        {
            // KeyValuePair<string, string> and KeyValuePair<string, object?> have the same layout (two references), and the
            // table only reads: viewing the strings as objects is safe and avoids copying.
            var tags = MemoryMarshal.CreateReadOnlySpan(
                ref Unsafe.As<KeyValuePair<string, string>, KeyValuePair<string, object?>>(ref MemoryMarshal.GetReference(dimensions)),
                dimensions.Length);
            Record(_dimensioned, name, value, unit, resolution, tags);
        }
    }

    public void AddDimension(string key, string value)
    {
        if (!_enabled)
        {
            return;
        }

        if (!EmfRules.IsValidDimensionKey(key) || !EmfRules.IsValidDimensionValue(value))
        {
            Drop(DropReasons.InvalidDimension);
            return;
        }

        lock (_registry.SharedGate)
        {
            var dimensions = _registry.SharedDimensions;
            for (int i = 0; i < dimensions.Count; i++)
            {
                if (string.Equals(dimensions[i].Key, key, StringComparison.Ordinal))
                {
                    // Powertools warns and keeps the first; replacing is what a caller who adds it again means.
                    dimensions[i] = new(key, value);
                    return;
                }
            }

            if (dimensions.Count + _registry.ReservedDimensionCount >= EmfRules.MaxDimensionsPerSet)
            {
                Drop(DropReasons.TooManyDimensions);
                return;
            }

            dimensions.Add(new(key, value));
        }
    }

    public void AddDimensionSet(IEnumerable<KeyValuePair<string, string>> dimensions)
    {
        if (!_enabled || dimensions is null)
        {
            return;
        }

        var set = new List<KeyValuePair<string, string>>();
        foreach (var pair in dimensions)
        {
            if (!EmfRules.IsValidDimensionKey(pair.Key) || !EmfRules.IsValidDimensionValue(pair.Value) || set.Exists(p => p.Key == pair.Key))
            {
                Drop(DropReasons.InvalidDimension);
                return;
            }

            set.Add(pair);
        }

        if (set.Count + _registry.ReservedDimensionCount > EmfRules.MaxDimensionsPerSet)
        {
            Drop(DropReasons.TooManyDimensions);
            return;
        }

        lock (_registry.SharedGate)
        {
            _registry.SharedDimensionSets.Add([.. set]);
        }
    }

    public void SetDefaultDimensions(IEnumerable<KeyValuePair<string, string>> dimensions)
    {
        if (!_enabled || dimensions is null)
        {
            return;
        }

        var list = new List<KeyValuePair<string, string>>();
        foreach (var pair in dimensions)
        {
            if (!EmfRules.IsValidDimensionKey(pair.Key) || !EmfRules.IsValidDimensionValue(pair.Value)
                || string.Equals(pair.Key, _registry.Settings.ServiceKey, StringComparison.Ordinal) || list.Exists(p => p.Key == pair.Key))
            {
                Drop(DropReasons.InvalidDimension);
                return;
            }

            list.Add(pair);
        }

        if (list.Count + (_registry.Settings.ServiceKey is null ? 0 : 1) > EmfRules.MaxDimensionsPerSet - 1)
        {
            Drop(DropReasons.TooManyDimensions);
            return;
        }

        list.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        _registry.SetDefaultDimensions([.. list]);
    }

    public void AddMetadata(string key, string value)
    {
        if (!_enabled)
        {
            return;
        }

        if (!EmfRules.IsValidMetadataKey(key) || !EmfRules.IsValidMetadataValue(value))
        {
            Drop(DropReasons.InvalidMetadata);
            return;
        }

        SetMetadata(new MetadataItem(key, value, 0));
    }

    public void AddMetadata(string key, double value)
    {
        if (!_enabled)
        {
            return;
        }

        if (!EmfRules.IsValidMetadataKey(key) || !double.IsFinite(value))
        {
            Drop(DropReasons.InvalidMetadata);
            return;
        }

        SetMetadata(new MetadataItem(key, null, value));
    }

    public void PushSingleMetric(string name, double value, MetricUnit unit = MetricUnit.None, MetricResolution resolution = MetricResolution.Standard, IEnumerable<KeyValuePair<string, string>>? dimensions = null)
    {
        if (!_enabled)
        {
            return;
        }

        if (!EmfRules.IsValidValue(value) || !EmfUnits.IsDefined(unit) || resolution is not (MetricResolution.Standard or MetricResolution.High))
        {
            Drop(DropReasons.InvalidValue);
            return;
        }

        if (!EmfRules.IsValidMetricName(name))
        {
            Drop(DropReasons.InvalidName);
            return;
        }

        var list = new List<KeyValuePair<string, string>>();
        if (dimensions is not null)
        {
            foreach (var pair in dimensions)
            {
                if (!EmfRules.IsValidDimensionKey(pair.Key) || !EmfRules.IsValidDimensionValue(pair.Value) || list.Exists(p => p.Key == pair.Key))
                {
                    Drop(DropReasons.InvalidDimension);
                    return;
                }

                list.Add(pair);
            }
        }

        if (list.Exists(p => p.Key == name))
        {
            Drop(DropReasons.NameCollision);
            return;
        }

        _engine.WriteSingle(name, value, unit, resolution, list);
    }

    public void Flush() => _engine.Flush();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Record(SeriesTable table, string name, double value, MetricUnit unit, MetricResolution resolution, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!EmfRules.IsValidValue(value) || (uint)unit > (uint)MetricUnit.CountPerSecond || resolution is not (MetricResolution.Standard or MetricResolution.High))
        {
            Drop(DropReasons.InvalidValue);
            return;
        }

        var series = table.Find(name, tags, ApiSeriesFactory.Hint(unit, resolution), out var reason);
        if (series is null)
        {
            Drop(reason ?? DropReasons.InvalidName);
        }
        else if (series.Unit != unit || series.Resolution != resolution)
        {
            // EMF: one metric never has two resolutions in a document; CloudWatch keeps one unit per data point set.
            Drop(DropReasons.UnitConflict);
        }
        else
        {
            series.Record(value);
        }
    }

    private void SetMetadata(MetadataItem item)
    {
        lock (_registry.SharedGate)
        {
            var metadata = _registry.SharedMetadata;
            for (int i = 0; i < metadata.Count; i++)
            {
                if (string.Equals(metadata[i].Key, item.Key, StringComparison.Ordinal))
                {
                    metadata[i] = item;
                    return;
                }
            }

            metadata.Add(item);
        }
    }

    private void Drop(string reason) => _registry.Runtime.Diagnostics.ReportDrop(DropReasons.Signal, reason);
}
