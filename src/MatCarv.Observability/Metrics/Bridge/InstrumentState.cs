using System.Diagnostics.Metrics;
using MatCarv.Observability.Metrics.Aggregation;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Metrics.Bridge;

/// <summary>
/// One listened instrument: how it aggregates, and its series per dimension combination (at most the cardinality limit;
/// measurements of further combinations are dropped and counted).
/// </summary>
internal sealed class InstrumentState : ISeriesFactory
{
    private readonly MetricRegistry _registry;
    private readonly IReadOnlySet<string>? _keep;
    private readonly bool _ignoreTags;
    private readonly Dictionary<DimensionList, MetricSeries> _series = [];
    private readonly SeriesTable _table;

    public InstrumentState(Instrument instrument, SeriesKind kind, MetricRegistry registry)
    {
        Name = instrument.Name;
        Kind = kind;
        Unit = EmfUnits.FromUcum(instrument.Unit, kind is SeriesKind.Sum or SeriesKind.CumulativeDelta);
        _registry = registry;
        var settings = registry.Settings;
        _ignoreTags = settings.TagPolicy == MeterTagPolicy.None;
        _keep = settings.TagPolicy == MeterTagPolicy.AllowList ? settings.TagAllowList : null;

        // Raw tag combinations are remembered up to 4x the limit: a tag policy can fold several into one series.
        _table = new SeriesTable(this, settings.CardinalityLimit * 4);
    }

    public string Name { get; }

    public SeriesKind Kind { get; }

    public MetricUnit Unit { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!EmfRules.IsValidValue(value))
        {
            _registry.Runtime.Diagnostics.ReportDrop(DropReasons.Signal, DropReasons.InvalidValue);
            return;
        }

        var series = _table.Find(null, _ignoreTags ? default : tags, 0, out var reason);
        if (series is null)
        {
            _registry.Runtime.Diagnostics.ReportDrop(DropReasons.Signal, reason ?? DropReasons.InvalidDimension);
        }
        else
        {
            series.Record(value);
        }
    }

    public MetricSeries? Create(string? name, ReadOnlySpan<KeyValuePair<string, object?>> tags, int hint, out string? dropReason)
    {
        dropReason = _registry.TryCreateDimensions(tags, _keep, out var dimensions);
        if (dropReason is not null)
        {
            return null;
        }

        if (Array.IndexOf(dimensions.Keys, Name) >= 0)
        {
            dropReason = DropReasons.NameCollision;
            return null;
        }

        // Called under the table's lock.
        if (_series.TryGetValue(dimensions, out var existing))
        {
            return existing;
        }

        if (_series.Count >= _registry.Settings.CardinalityLimit)
        {
            dropReason = DropReasons.CardinalityLimit;
            return null;
        }

        var series = new MetricSeries(Name, Unit, _registry.Settings.MeterResolution, dimensions, Kind, _registry.Settings.MaxValuesPerMetric);
        _series.Add(dimensions, series);
        _registry.Register(series, shared: false);
        return series;
    }
}
