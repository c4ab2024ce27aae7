using System.Text.Json;
using MatCarv.Observability.Collections;
using MatCarv.Observability.Diagnostics;
using MatCarv.Observability.Metrics.Aggregation;
using MatCarv.Observability.Metrics.Emf;
using MatCarv.Observability.Metrics.Sinks;

namespace MatCarv.Observability.Metrics.Export;

/// <summary>
/// The data points of one export of another metrics SDK (already aggregated: sums, gauges, bucketed histograms), grouped by
/// their dimensions and written with the same <see cref="EmfDocumentWriter"/> as the SDK's own flush, so that points with the
/// same dimensions share documents and every document gets the service and default dimensions. Not thread-safe: the owner
/// (<see cref="EmfMetricExporter"/>) serialises calls.
/// </summary>
internal sealed class ExportedPointBatch : IDisposable
{
    private static readonly Comparison<Pending> PendingComparer = static (a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : a.Sequence.CompareTo(b.Sequence);

    private readonly MetricRegistry _registry;
    private readonly MetricsSettings _settings;
    private readonly EmfDocumentWriter _writer;
    private readonly IReadOnlySet<string>? _keep;
    private readonly bool _ignoreTags;
    private readonly EmfGroup _group = new();
    private readonly ValueList<Pending> _pending = [];
    private readonly Dictionary<DimensionList, int> _order = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, JsonEncodedText> _encodedNames = new(StringComparer.Ordinal);

    public ExportedPointBatch(MetricRegistry registry)
    {
        _registry = registry;
        _settings = registry.Settings;
        _writer = new EmfDocumentWriter(_settings, registry.Runtime.Diagnostics);
        _ignoreTags = _settings.TagPolicy == MeterTagPolicy.None;
        _keep = _settings.TagPolicy == MeterTagPolicy.AllowList ? _settings.TagAllowList : null;
    }

    private SelfDiagnostics Diagnostics => _registry.Runtime.Diagnostics;

    /// <summary>Adds one value (a sum or a gauge); invalid names, values and dimensions are dropped and counted.</summary>
    public void AddValue(string name, MetricUnit unit, ReadOnlySpan<KeyValuePair<string, object?>> tags, double value)
    {
        if (!TryBegin(name, tags, 1, out var dimensions))
        {
            return;
        }

        if (!EmfRules.IsValidValue(value))
        {
            Diagnostics.ReportDrop(DropReasons.Signal, DropReasons.InvalidValue);
            return;
        }

        _group.Values.Add(value);
        Add(dimensions, new EmfMetric(name, Encode(name), unit, _settings.MeterResolution, _group.Values.Count - 1, 1));
    }

    /// <summary>
    /// Adds one bucketed distribution (histogram research: each bucket becomes a <see cref="DistributionEntry"/> whose
    /// statistics some values inside it really have, then the point's exact sum is spread over them). Buckets without a
    /// finite range (the open first/last bucket of a point without min/max) are dropped and counted as <c>invalid_value</c>,
    /// as are the values the buckets do not account for (<paramref name="totalCount"/> minus the bucket counts).
    /// </summary>
    public void AddDistribution(
        string name,
        MetricUnit unit,
        ReadOnlySpan<KeyValuePair<string, object?>> tags,
        ReadOnlySpan<double> lowerBounds,
        ReadOnlySpan<double> upperBounds,
        ReadOnlySpan<long> counts,
        long totalCount,
        double sum,
        double min,
        double max)
    {
        long recorded = Math.Max(totalCount, 0);
        if (!TryBegin(name, tags, recorded, out var dimensions))
        {
            return;
        }

        // Unknown extremes (NaN) leave the buckets' own bounds as the only limits.
        double low = double.IsNaN(min) ? double.NegativeInfinity : min;
        double high = double.IsNaN(max) ? double.PositiveInfinity : max;
        var entries = _group.Entries;
        int start = entries.Count;
        long kept = 0;
        long refused = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            long count = counts[i];
            if (count <= 0)
            {
                continue;
            }

            if (BucketedDistribution.TryAdd(entries, lowerBounds[i], upperBounds[i], count, low, high))
            {
                kept += count;
            }
            else
            {
                refused += count;
            }
        }

        // Values no bucket accounts for (a point whose buckets do not add up to its count) cannot be placed either.
        refused += Math.Max(0, recorded - kept - refused);
        if (refused > 0)
        {
            Diagnostics.ReportDrop(DropReasons.Signal, DropReasons.InvalidValue, refused);
        }

        if (entries.Count == start)
        {
            return;
        }

        // The sum of the kept buckets only when some were refused: the point's sum also holds the refused values.
        if (refused == 0 && double.IsFinite(sum))
        {
            BucketedDistribution.SpreadSum(entries, start, sum);
        }

        Add(dimensions, new EmfMetric(name, Encode(name), unit, _settings.MeterResolution, start, entries.Count - start, IsDistribution: true));
    }

    /// <summary>Writes what was added as documents stamped <paramref name="timestampMs"/>, and starts a new batch.</summary>
    public int Write(long timestampMs, IEmfSink sink)
    {
        var group = _group;
        if (_pending.Count == 0)
        {
            Clear();
            return 0;
        }

        // Points with the same dimensions become one group, in first-seen order (the sequence keeps the points' order).
        _pending.Sort(PendingComparer);
        int documents = 0;
        int i = 0;
        while (i < _pending.Count)
        {
            var dimensions = _pending[i].Dimensions;
            group.Dimensions.Clear();
            group.SetKeys.Clear();
            group.SetEnds.Clear();
            group.Metadata.Clear();
            group.Metrics.Clear();
            group.NamesUnique = false;
            while (i < _pending.Count && ReferenceEquals(_pending[i].Dimensions, dimensions))
            {
                group.Metrics.Add(_pending[i].Metric);
                i++;
            }

            BeginSet(group, dimensions);
            documents += _writer.Write(group, timestampMs, sink);
        }

        Clear();
        return documents;
    }

    public void Dispose() => _writer.Dispose();

    private void Clear()
    {
        _group.Clear();
        _pending.Clear();
        _order.Clear();
    }

    private bool TryBegin(string name, ReadOnlySpan<KeyValuePair<string, object?>> tags, long recorded, out DimensionList dimensions)
    {
        dimensions = DimensionList.Empty;
        if (!EmfRules.IsValidMetricName(name))
        {
            Diagnostics.ReportDrop(DropReasons.Signal, DropReasons.InvalidName, Math.Max(recorded, 1));
            return false;
        }

        // The same conversion as a meter's tags in the SDK's own bridge: validated, sorted, interned; the tag policy applies.
        if (_registry.TryCreateDimensions(_ignoreTags ? default : tags, _keep, out dimensions) is { } reason)
        {
            Diagnostics.ReportDrop(DropReasons.Signal, reason, Math.Max(recorded, 1));
            return false;
        }

        return true;
    }

    private void Add(DimensionList dimensions, EmfMetric metric)
    {
        if (!_order.TryGetValue(dimensions, out int order))
        {
            order = _order.Count;
            _order.Add(dimensions, order);
        }

        _pending.Add(new Pending(order, _pending.Count, dimensions, metric));
    }

    private JsonEncodedText Encode(string name)
    {
        if (!_encodedNames.TryGetValue(name, out var encoded))
        {
            // Bounded by the other SDK's instruments (names, not tag values): encoded once per process.
            encoded = JsonEncodedText.Encode(name);
            _encodedNames.Add(name, encoded);
        }

        return encoded;
    }

    /// <summary>The dimension set: the service and default dimensions the point's own do not override, then its own.</summary>
    private void BeginSet(EmfGroup group, DimensionList own)
    {
        if (_settings.ServiceKey is { } serviceKey && Array.IndexOf(own.Keys, serviceKey) < 0)
        {
            group.TryAddDimension(serviceKey, _settings.ServiceName);
            group.AddSetKey(serviceKey);
        }

        foreach (var pair in _registry.DefaultDimensions)
        {
            if (Array.IndexOf(own.Keys, pair.Key) < 0 && group.TryAddDimension(pair.Key, pair.Value))
            {
                group.AddSetKey(pair.Key);
            }
        }

        for (int i = 0; i < own.Count; i++)
        {
            group.TryAddDimension(own.Keys[i], own.Values[i]);
            group.AddSetKey(own.Keys[i]);
        }

        // At most 30 keys: TryCreateDimensions refused tag sets that would not fit beside the service and defaults.
        group.EndSet();
    }

    private readonly record struct Pending(int Order, int Sequence, DimensionList Dimensions, EmfMetric Metric);
}
