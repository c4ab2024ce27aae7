using MatCarv.Observability.Collections;
using MatCarv.Observability.Metrics.Aggregation;
using MatCarv.Observability.Metrics.Bridge;
using MatCarv.Observability.Metrics.Emf;
using MatCarv.Observability.Metrics.Sinks;

namespace MatCarv.Observability.Metrics;

/// <summary>
/// Turns what was recorded since the previous flush into EMF documents: the shared-dimension metrics of the API as one
/// group, every other series grouped by its dimensions (so metrics with the same dimensions share documents), each group
/// with the service and default dimensions. One flush at a time; recording threads are never blocked.
/// </summary>
internal sealed class MetricsFlushEngine : IDisposable
{
    private readonly object _flushGate = new();
    private readonly MetricRegistry _registry;
    private readonly MeterBridge _bridge;
    private readonly IEmfSink _sink;
    private readonly MetricsSettings _settings;
    private readonly TelemetryRuntime _runtime;
    private readonly EmfDocumentWriter _writer;
    private readonly EmfGroup _group = new();
    private readonly List<KeyValuePair<string, string>> _sharedDimensions = [];
    private readonly List<KeyValuePair<string, string>[]> _sharedSets = [];
    private readonly ValueList<MetadataItem> _sharedMetadata = [];
    private static readonly Comparison<Pending> PendingComparer = static (a, b) => a.Order != b.Order ? a.Order.CompareTo(b.Order) : a.Sequence.CompareTo(b.Sequence);
    private readonly ValueList<Pending> _pending = [];
    private readonly Dictionary<DimensionList, int> _order = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    public MetricsFlushEngine(MetricRegistry registry, MeterBridge bridge, IEmfSink sink)
    {
        _registry = registry;
        _bridge = bridge;
        _sink = sink;
        _settings = registry.Settings;
        _runtime = registry.Runtime;
        _writer = new EmfDocumentWriter(_settings, _runtime.Diagnostics);
    }

    /// <summary>The sink documents go to.</summary>
    public IEmfSink Sink => _sink;

    /// <summary>Writes everything recorded so far. Never throws; returns the number of documents written.</summary>
    public int Flush()
    {
        if (!_settings.Enabled)
        {
            return 0;
        }

        lock (_flushGate)
        {
            try
            {
                return FlushLocked();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _runtime.Diagnostics.ReportDrop(DropReasons.Signal, "flush_failed");
                return 0;
            }
        }
    }

    /// <summary>Writes the cold-start metric: <c>ColdStart</c> = 1 with the service, default and <c>function_name</c> dimensions.</summary>
    public void WriteColdStart(string? functionName)
    {
        if (!_settings.Enabled)
        {
            return;
        }

        KeyValuePair<string, string>[] extra = functionName is not null && EmfRules.IsValidDimensionValue(functionName)
            ? [new(MetricsSettings.FunctionNameDimension, functionName)]
            : [];
        WriteSingle(MetricsSettings.ColdStartMetricName, 1, MetricUnit.Count, MetricResolution.Standard, extra);
    }

    /// <summary>Writes one metric in its own document now.</summary>
    public void WriteSingle(string name, double value, MetricUnit unit, MetricResolution resolution, IReadOnlyList<KeyValuePair<string, string>> dimensions)
    {
        lock (_flushGate)
        {
            try
            {
                _group.Clear();
                if (!BeginSet(_group, dimensions, out _))
                {
                    _runtime.Diagnostics.ReportDrop(DropReasons.Signal, DropReasons.TooManyDimensions);
                    return;
                }

                _group.Values.Add(value);
                _group.Metrics.Add(new EmfMetric(name, System.Text.Json.JsonEncodedText.Encode(name), unit, resolution, 0, 1));
                _writer.Write(_group, Now(), _sink);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _runtime.Diagnostics.ReportDrop(DropReasons.Signal, "flush_failed");
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;

        // Without a host (a plain ServiceProvider, a console tool), disposal is the last chance to write.
        Flush();
        lock (_flushGate)
        {
            _writer.Dispose();
        }
    }

    private long Now() => _runtime.Time.GetUtcNow().ToUnixTimeMilliseconds();

    private int FlushLocked()
    {
        try
        {
            _bridge.RecordObservables();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A user's observable callback threw: the other instruments still flush.
            _runtime.Diagnostics.ReportDrop(DropReasons.Signal, "observable_callback_failed");
        }

        long timestamp = Now();
        int documents = FlushShared(timestamp);
        documents += FlushSeries(timestamp);
        return documents;
    }

    private int FlushShared(long timestamp)
    {
        _sharedDimensions.Clear();
        _sharedSets.Clear();
        _sharedMetadata.Clear();
        lock (_registry.SharedGate)
        {
            // Powertools semantics: dimensions and metadata added during an invocation (or interval) end with its flush.
            _sharedDimensions.AddRange(_registry.SharedDimensions);
            _sharedSets.AddRange(_registry.SharedDimensionSets);
            _sharedMetadata.AddRange(_registry.SharedMetadata);
            _registry.SharedDimensions.Clear();
            _registry.SharedDimensionSets.Clear();
            _registry.SharedMetadata.Clear();
        }

        var group = _group;
        group.Clear();
        foreach (var series in _registry.SharedSeries)
        {
            int valueStart = group.Values.Count;
            int entryStart = group.Entries.Count;
            int count = series.Collect(group.Values, group.Entries, out bool distribution);
            if (count > 0)
            {
                group.Metrics.Add(new EmfMetric(series.Name, series.EncodedName, series.Unit, series.Resolution, distribution ? entryStart : valueStart, count, distribution));
            }
        }

        if (group.Metrics.Count == 0)
        {
            return 0;
        }

        if (!BeginSet(group, _sharedDimensions, out _))
        {
            long recorded = 0;
            foreach (var metric in group.Metrics)
            {
                recorded += group.RecordedCount(metric);
            }

            _runtime.Diagnostics.ReportDrop(DropReasons.Signal, DropReasons.TooManyDimensions, recorded);
            return 0;
        }

        foreach (var set in _sharedSets)
        {
            if (!AddExtraSet(group, set))
            {
                _runtime.Diagnostics.ReportDrop(DropReasons.Signal, DropReasons.InvalidDimension);
            }
        }

        group.Metadata.AddRange(_sharedMetadata);
        group.NamesUnique = true;
        return _writer.Write(group, timestamp, _sink);
    }

    private int FlushSeries(long timestamp)
    {
        var group = _group;
        group.Clear();
        _pending.Clear();
        _order.Clear();
        foreach (var series in _registry.Series)
        {
            int valueStart = group.Values.Count;
            int entryStart = group.Entries.Count;
            int count = series.Collect(group.Values, group.Entries, out bool distribution);
            if (count == 0)
            {
                continue;
            }

            if (!_order.TryGetValue(series.Dimensions, out int order))
            {
                order = _order.Count;
                _order.Add(series.Dimensions, order);
            }

            _pending.Add(new Pending(order, _pending.Count, series, distribution ? entryStart : valueStart, count, distribution));
        }

        if (_pending.Count == 0)
        {
            return 0;
        }

        // Series with the same dimensions become one group, in first-seen order (the sequence keeps metric order).
        _pending.Sort(PendingComparer);
        int documents = 0;
        int i = 0;
        while (i < _pending.Count)
        {
            var dimensions = _pending[i].Series.Dimensions;
            ResetGroupKeepValues(group);
            while (i < _pending.Count && ReferenceEquals(_pending[i].Series.Dimensions, dimensions))
            {
                var p = _pending[i];
                group.Metrics.Add(new EmfMetric(p.Series.Name, p.Series.EncodedName, p.Series.Unit, p.Series.Resolution, p.Start, p.Count, p.IsDistribution));
                i++;
            }

            if (!BeginSet(group, dimensions, out _))
            {
                foreach (var metric in group.Metrics)
                {
                    _runtime.Diagnostics.ReportDrop(DropReasons.Signal, DropReasons.TooManyDimensions, group.RecordedCount(metric));
                }

                continue;
            }

            documents += _writer.Write(group, timestamp, _sink);
        }

        return documents;
    }

    /// <summary>Clears a group for the next set of dimensions, keeping the values and entries the pending metrics point into.</summary>
    private static void ResetGroupKeepValues(EmfGroup group)
    {
        group.Dimensions.Clear();
        group.SetKeys.Clear();
        group.SetEnds.Clear();
        group.Metadata.Clear();
        group.Metrics.Clear();
    }

    /// <summary>The main dimension set: service, defaults (unless overridden), then <paramref name="own"/>. False when over 30 keys.</summary>
    private bool BeginSet(EmfGroup group, IReadOnlyList<KeyValuePair<string, string>> own, out int size)
    {
        AddBase(group, own, null);
        for (int i = 0; i < own.Count; i++)
        {
            // Indexing, not foreach: enumerating through the interface would box the enumerator on every flush.
            var pair = own[i];
            group.TryAddDimension(pair.Key, pair.Value);
            group.AddSetKey(pair.Key);
        }

        return EndSet(group, out size);
    }

    private bool BeginSet(EmfGroup group, DimensionList own, out int size)
    {
        AddBase(group, null, own);
        for (int i = 0; i < own.Count; i++)
        {
            group.TryAddDimension(own.Keys[i], own.Values[i]);
            group.AddSetKey(own.Keys[i]);
        }

        return EndSet(group, out size);
    }

    private bool AddExtraSet(EmfGroup group, KeyValuePair<string, string>[] set)
    {
        int rootCount = group.Dimensions.Count;
        AddBase(group, set, null);
        foreach (var pair in set)
        {
            if (!group.TryAddDimension(pair.Key, pair.Value))
            {
                // The root already holds this key with another value: this set cannot be expressed in the same document.
                group.AbandonSet();
                group.Dimensions.RemoveRange(rootCount, group.Dimensions.Count - rootCount);
                return false;
            }

            group.AddSetKey(pair.Key);
        }

        if (!EndSet(group, out _))
        {
            group.SetEnds.RemoveAt(group.SetEnds.Count - 1);
            group.AbandonSet();
            group.Dimensions.RemoveRange(rootCount, group.Dimensions.Count - rootCount);
            return false;
        }

        return true;
    }

    /// <summary>Adds the service and default dimensions that the set's own dimensions do not override.</summary>
    private void AddBase(EmfGroup group, IReadOnlyList<KeyValuePair<string, string>>? ownPairs, DimensionList? ownList)
    {
        if (_settings.ServiceKey is { } serviceKey && !Overrides(ownPairs, ownList, serviceKey))
        {
            group.TryAddDimension(serviceKey, _settings.ServiceName);
            group.AddSetKey(serviceKey);
        }

        foreach (var pair in _registry.DefaultDimensions)
        {
            if (!Overrides(ownPairs, ownList, pair.Key) && group.TryAddDimension(pair.Key, pair.Value))
            {
                group.AddSetKey(pair.Key);
            }
        }
    }

    private static bool Overrides(IReadOnlyList<KeyValuePair<string, string>>? ownPairs, DimensionList? ownList, string key) =>
        ownPairs is not null ? Contains(ownPairs, key) : ownList is not null && Array.IndexOf(ownList.Keys, key) >= 0;

    private static bool EndSet(EmfGroup group, out int size)
    {
        int start = group.SetEnds.Count == 0 ? 0 : group.SetEnds[^1];
        size = group.SetKeys.Count - start;
        if (size == 0 && group.SetEnds.Count > 0)
        {
            // An extra set identical to nothing adds nothing.
            return true;
        }

        group.EndSet();
        return size <= EmfRules.MaxDimensionsPerSet;
    }

    private static bool Contains(IReadOnlyList<KeyValuePair<string, string>> pairs, string key)
    {
        for (int i = 0; i < pairs.Count; i++)
        {
            if (string.Equals(pairs[i].Key, key, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private readonly record struct Pending(int Order, int Sequence, MetricSeries Series, int Start, int Count, bool IsDistribution);
}
