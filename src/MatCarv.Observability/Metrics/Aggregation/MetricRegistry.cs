using System.Globalization;
using MatCarv.Observability.Collections;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>
/// Every metric series in memory and the shared state of the Powertools-style API (dimensions, extra dimension sets,
/// metadata and default dimensions). Series are created under a lock (once per combination) and published in
/// copy-on-write arrays, so a flush enumerates them without locking the recording threads.
/// </summary>
internal sealed class MetricRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<string, DimensionList> _interned = new(StringComparer.Ordinal);
    private MetricSeries[] _series = [];
    private MetricSeries[] _sharedSeries = [];
    private KeyValuePair<string, string>[] _defaults;

    public MetricRegistry(MetricsSettings settings, TelemetryRuntime runtime)
    {
        Settings = settings;
        Runtime = runtime;
        _defaults = [.. settings.DefaultDimensions];
    }

    public MetricsSettings Settings { get; }

    public TelemetryRuntime Runtime { get; }

    /// <summary>Guards <see cref="SharedDimensions"/>, <see cref="SharedDimensionSets"/> and <see cref="SharedMetadata"/>.</summary>
    public object SharedGate { get; } = new();

    /// <summary>Dimensions added with <c>AddDimension</c> until the next flush.</summary>
    public List<KeyValuePair<string, string>> SharedDimensions { get; } = [];

    /// <summary>Extra dimension sets added with <c>AddDimensionSet</c> until the next flush.</summary>
    public List<KeyValuePair<string, string>[]> SharedDimensionSets { get; } = [];

    /// <summary>Metadata added with <c>AddMetadata</c> until the next flush.</summary>
    public ValueList<MetadataItem> SharedMetadata { get; } = [];

    /// <summary>The default dimensions (sorted by key).</summary>
    public KeyValuePair<string, string>[] DefaultDimensions => Volatile.Read(ref _defaults);

    /// <summary>Series with their own dimensions (meters and the dimensioned API overload).</summary>
    public MetricSeries[] Series => Volatile.Read(ref _series);

    /// <summary>Series of the shared dimension set (the plain <c>AddMetric</c>).</summary>
    public MetricSeries[] SharedSeries => Volatile.Read(ref _sharedSeries);

    /// <summary>How many dimension keys every set starts with (service and defaults).</summary>
    public int ReservedDimensionCount => (Settings.ServiceKey is null ? 0 : 1) + DefaultDimensions.Length;

    public void SetDefaultDimensions(KeyValuePair<string, string>[] sortedDefaults) => Volatile.Write(ref _defaults, sortedDefaults);

    public void Register(MetricSeries series, bool shared)
    {
        lock (_gate)
        {
            if (shared)
            {
                _sharedSeries = [.. _sharedSeries, series];
            }
            else
            {
                _series = [.. _series, series];
            }
        }
    }

    /// <summary>
    /// Turns measurement tags into a validated, sorted, interned dimension list. Tags with a null value are left out;
    /// <paramref name="keep"/> filters by key (the tag policy).
    /// </summary>
    public string? TryCreateDimensions(ReadOnlySpan<KeyValuePair<string, object?>> tags, IReadOnlySet<string>? keep, out DimensionList dimensions)
    {
        dimensions = DimensionList.Empty;
        int count = 0;
        foreach (var tag in tags)
        {
            if (tag.Value is not null && (keep is null || keep.Contains(tag.Key)))
            {
                count++;
            }
        }

        if (count == 0)
        {
            return null;
        }

        if (count + ReservedDimensionCount > EmfRules.MaxDimensionsPerSet)
        {
            return DropReasons.TooManyDimensions;
        }

        var keys = new string[count];
        var values = new string[count];
        int n = 0;
        foreach (var tag in tags)
        {
            if (tag.Value is null || (keep is not null && !keep.Contains(tag.Key)))
            {
                continue;
            }

            string value = Format(tag.Value);
            if (!EmfRules.IsValidDimensionKey(tag.Key) || !EmfRules.IsValidDimensionValue(value))
            {
                return DropReasons.InvalidDimension;
            }

            keys[n] = tag.Key;
            values[n] = value;
            n++;
        }

        Array.Sort(keys, values, StringComparer.Ordinal);
        for (int i = 1; i < keys.Length; i++)
        {
            if (string.Equals(keys[i - 1], keys[i], StringComparison.Ordinal))
            {
                return DropReasons.InvalidDimension;
            }
        }

        dimensions = Intern(keys, values);
        return null;
    }

    private DimensionList Intern(string[] keys, string[] values)
    {
        var candidate = new DimensionList(keys, values);
        lock (_gate)
        {
            if (_interned.TryGetValue(candidate.Identity, out var existing))
            {
                return existing;
            }

            _interned.Add(candidate.Identity, candidate);
            return candidate;
        }
    }

    private static string Format(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
