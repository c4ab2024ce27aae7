using MatCarv.Observability.Collections;
using MatCarv.Observability.Metrics.Aggregation;

namespace MatCarv.Observability.Metrics.Emf;

/// <summary>
/// Metrics that share dimension values and metadata: written as one or more documents (split at 100 metrics and 100
/// values or distribution entries per metric, repeating the dimensions and metadata in each). Reused from flush to flush.
/// </summary>
internal sealed class EmfGroup
{
    /// <summary>Root dimension members, unique keys.</summary>
    public List<KeyValuePair<string, string>> Dimensions { get; } = [];

    /// <summary>The keys of every dimension set, concatenated; <see cref="SetEnds"/> marks where each ends.</summary>
    public List<string> SetKeys { get; } = [];

    public List<int> SetEnds { get; } = [];

    public ValueList<MetadataItem> Metadata { get; } = [];

    public ValueList<EmfMetric> Metrics { get; } = [];

    public ValueList<double> Values { get; } = [];

    /// <summary>The entries of the distributions among <see cref="Metrics"/>.</summary>
    public ValueList<DistributionEntry> Entries { get; } = [];

    /// <summary>How many recorded values a metric stands for: its values, or the counts of its distribution entries.</summary>
    public long RecordedCount(in EmfMetric metric) => RecordedCount(metric, 0, metric.Count);

    /// <summary>How many recorded values items [<paramref name="from"/>, <paramref name="from"/> + <paramref name="count"/>) of a metric stand for.</summary>
    public long RecordedCount(in EmfMetric metric, int from, int count)
    {
        if (!metric.IsDistribution)
        {
            return count;
        }

        long total = 0;
        for (int i = 0; i < count; i++)
        {
            total += Entries[metric.Start + from + i].Count;
        }

        return total;
    }

    /// <summary>True when no two metrics share a name (the shared set's table is keyed by name): skips a per-document check.</summary>
    public bool NamesUnique { get; set; }

    public void Clear()
    {
        Dimensions.Clear();
        SetKeys.Clear();
        SetEnds.Clear();
        Metadata.Clear();
        Metrics.Clear();
        Values.Clear();
        Entries.Clear();
        NamesUnique = false;
    }

    /// <summary>Adds a root dimension unless the key is present; false when present with another value.</summary>
    public bool TryAddDimension(string key, string value)
    {
        foreach (var pair in Dimensions)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                return string.Equals(pair.Value, value, StringComparison.Ordinal);
            }
        }

        Dimensions.Add(new(key, value));
        return true;
    }

    public void AddSetKey(string key)
    {
        int start = SetEnds.Count == 0 ? 0 : SetEnds[^1];
        for (int i = start; i < SetKeys.Count; i++)
        {
            if (string.Equals(SetKeys[i], key, StringComparison.Ordinal))
            {
                return;
            }
        }

        SetKeys.Add(key);
    }

    public void EndSet() => SetEnds.Add(SetKeys.Count);

    /// <summary>Removes the set being built (its keys since the last <see cref="EndSet"/>).</summary>
    public void AbandonSet()
    {
        int start = SetEnds.Count == 0 ? 0 : SetEnds[^1];
        SetKeys.RemoveRange(start, SetKeys.Count - start);
    }
}
