using MatCarv.Observability.Metrics.Aggregation;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Metrics.Api;

/// <summary>
/// Creates the series of the <see cref="IMetrics"/> API: one per metric name (shared dimension set) or per metric name
/// and dimension combination, with the unit and resolution of the first value (the table's hint).
/// </summary>
internal sealed class ApiSeriesFactory : ISeriesFactory
{
    private readonly MetricRegistry _registry;
    private readonly bool _shared;
    private readonly Dictionary<string, int> _perName = new(StringComparer.Ordinal);

    public ApiSeriesFactory(MetricRegistry registry, bool shared)
    {
        _registry = registry;
        _shared = shared;
    }

    public static int Hint(MetricUnit unit, MetricResolution resolution) => ((int)unit << 8) | (int)resolution;

    public MetricSeries? Create(string? name, ReadOnlySpan<KeyValuePair<string, object?>> tags, int hint, out string? dropReason)
    {
        if (!EmfRules.IsValidMetricName(name))
        {
            dropReason = DropReasons.InvalidName;
            return null;
        }

        dropReason = _registry.TryCreateDimensions(tags, keep: null, out var dimensions);
        if (dropReason is not null)
        {
            return null;
        }

        if (Array.IndexOf(dimensions.Keys, name) >= 0)
        {
            // EMF: a metric and a dimension would share one root member.
            dropReason = DropReasons.NameCollision;
            return null;
        }

        // Called under the table's lock: the per-name count needs no other synchronisation.
        _perName.TryGetValue(name!, out int count);
        if (count >= _registry.Settings.CardinalityLimit)
        {
            dropReason = DropReasons.CardinalityLimit;
            return null;
        }

        _perName[name!] = count + 1;
        var series = new MetricSeries(name!, (MetricUnit)(hint >> 8), (MetricResolution)(hint & 0xFF), dimensions, SeriesKind.Distribution, _registry.Settings.MaxValuesPerMetric);
        _registry.Register(series, _shared);
        return series;
    }
}
