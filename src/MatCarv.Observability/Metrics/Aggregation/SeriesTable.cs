using System.Runtime.CompilerServices;

namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>
/// Finds the series of a measurement (a metric name and/or tags) without allocating or locking.
/// First a small direct-mapped cache keyed by the identity of the name and tag-value strings (call sites pass the same
/// literal or cached strings again and again, so comparing references is enough); then a hash table keyed by content,
/// read lock-free and written under a lock. Several tag combinations may map to one series (a tag policy ignores some
/// tags); combinations that are dropped are remembered too, so a rejected combination is rejected cheaply.
/// </summary>
internal sealed class SeriesTable
{
    private const int CacheSize = 256;

    private readonly ISeriesFactory _factory;
    private readonly int _maxEntries;
    private readonly object _gate = new();
    private readonly Entry?[] _cache = new Entry?[CacheSize];
    private Entry?[] _buckets = new Entry?[16];
    private Entry? _last;
    private int _count;

    public SeriesTable(ISeriesFactory factory, int maxEntries)
    {
        _factory = factory;
        _maxEntries = maxEntries;
    }

    /// <summary>The series for a measurement, or null with the reason it is dropped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public MetricSeries? Find(string? name, ReadOnlySpan<KeyValuePair<string, object?>> tags, int hint, out string? dropReason)
    {
        // The entry most recently resolved by content: a hot call site (the same literal name and tags every time) is
        // matched by reference alone, without hashing.
        var last = Volatile.Read(ref _last);
        if (last is not null && last.MatchesReferences(name, tags))
        {
            dropReason = last.DropReason;
            return last.Series;
        }

        int hash = QuickHash(name);
        for (int i = 0; i < tags.Length; i++)
        {
            hash = (hash * 31) + QuickHash(tags[i].Value);
        }

        var cached = _cache[hash & (CacheSize - 1)];
        if (cached is not null && cached.MatchesReferences(name, tags))
        {
            dropReason = cached.DropReason;
            return cached.Series;
        }

        return FindByContent(name, tags, hint, hash, out dropReason);
    }

    /// <summary>
    /// A cache slot from a few characters of each string: far cheaper than hashing whole strings or object headers.
    /// Only picks the slot; a hit still requires every name, key and value to be the same reference, so two values
    /// sharing a slot only cost a trip through the content table.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int QuickHash(object? value)
    {
        if (value is not string s || s.Length == 0)
        {
            return 0;
        }

        // Names and tag values differ mostly at their ends ("Metric12", "Metric22"): the last two characters, the first
        // and the length. Three loads, no loop.
        int length = s.Length;
        return (length * 31) + (s[0] * 7) + (s[length > 1 ? length - 2 : 0] * 131) + s[length - 1];
    }

    private static int ContentHash(string? name, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        int hash = name is null ? 0 : name.GetHashCode(StringComparison.Ordinal);

        // Order-independent: the same tags in another order are the same combination.
        int tagHash = 0;
        foreach (var tag in tags)
        {
            tagHash += HashCode.Combine(tag.Key.GetHashCode(StringComparison.Ordinal), tag.Value?.GetHashCode() ?? 0);
        }

        return HashCode.Combine(hash, tagHash, tags.Length);
    }

    private MetricSeries? FindByContent(string? name, ReadOnlySpan<KeyValuePair<string, object?>> tags, int hint, int referenceHash, out string? dropReason)
    {
        int hash = ContentHash(name, tags);
        var buckets = Volatile.Read(ref _buckets);
        for (var entry = Volatile.Read(ref buckets[hash & (buckets.Length - 1)]); entry is not null; entry = entry.Next)
        {
            if (entry.Hash == hash && entry.Matches(name, tags))
            {
                Remember(referenceHash, name, tags, entry);
                dropReason = entry.DropReason;
                return entry.Series;
            }
        }

        return Add(name, tags, hint, hash, referenceHash, out dropReason);
    }

    private MetricSeries? Add(string? name, ReadOnlySpan<KeyValuePair<string, object?>> tags, int hint, int hash, int referenceHash, out string? dropReason)
    {
        lock (_gate)
        {
            var buckets = _buckets;
            for (var entry = buckets[hash & (buckets.Length - 1)]; entry is not null; entry = entry.Next)
            {
                if (entry.Hash == hash && entry.Matches(name, tags))
                {
                    dropReason = entry.DropReason;
                    return entry.Series;
                }
            }

            if (_count >= _maxEntries)
            {
                // Every further new combination is over the limit by construction; nothing is remembered (bounded memory).
                dropReason = DropReasons.CardinalityLimit;
                return null;
            }

            var series = _factory.Create(name, tags, hint, out dropReason);
            var keys = new string[tags.Length];
            var values = new object?[tags.Length];
            for (int i = 0; i < tags.Length; i++)
            {
                keys[i] = tags[i].Key;
                values[i] = tags[i].Value;
            }

            if (_count + 1 > buckets.Length * 2)
            {
                buckets = Resize(buckets);
            }

            int index = hash & (buckets.Length - 1);
            var added = new Entry(hash, name, keys, values, series, dropReason, buckets[index]);
            Volatile.Write(ref buckets[index], added);
            _count++;
            Remember(referenceHash, name, tags, added);
            return series;
        }
    }

    private Entry?[] Resize(Entry?[] old)
    {
        var buckets = new Entry?[old.Length * 2];
        foreach (var head in old)
        {
            for (var entry = head; entry is not null; entry = entry.Next)
            {
                int index = entry.Hash & (buckets.Length - 1);
                buckets[index] = new Entry(entry.Hash, entry.Name, entry.Keys, entry.Values, entry.Series, entry.DropReason, buckets[index]);
            }
        }

        // Readers still walking the old array see complete (immutable) chains.
        Volatile.Write(ref _buckets, buckets);
        return buckets;
    }

    private void Remember(int referenceHash, string? name, ReadOnlySpan<KeyValuePair<string, object?>> tags, Entry entry)
    {
        // The entry keeps the strings of the first measurement of its combination; callers passing those same instances
        // (literals, cached strings) hit the cache from now on. Other instances keep using the content table: nothing is
        // allocated here.
        if (entry.MatchesReferences(name, tags))
        {
            Volatile.Write(ref _cache[referenceHash & (CacheSize - 1)], entry);
            Volatile.Write(ref _last, entry);
        }
    }

    private sealed class Entry
    {
        public Entry(int hash, string? name, string[] keys, object?[] values, MetricSeries? series, string? dropReason, Entry? next)
        {
            Hash = hash;
            Name = name;
            Keys = keys;
            Values = values;
            Series = series;
            DropReason = dropReason;
            Next = next;
        }

        public int Hash { get; }

        public string? Name { get; }

        public string[] Keys { get; }

        public object?[] Values { get; }

        public MetricSeries? Series { get; }

        public string? DropReason { get; }

        public Entry? Next { get; }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool MatchesReferences(string? name, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var keys = Keys;
            var values = Values;
            if (!ReferenceEquals(name, Name) || keys.Length != tags.Length)
            {
                return false;
            }

            for (int i = 0; i < tags.Length; i++)
            {
                // The same instance means the same value (strings and boxed values are immutable).
                if (!ReferenceEquals(keys[i], tags[i].Key) || !ReferenceEquals(values[i], tags[i].Value))
                {
                    return false;
                }
            }

            return true;
        }

        public bool Matches(string? name, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (!string.Equals(name, Name, StringComparison.Ordinal) || tags.Length != Keys.Length)
            {
                return false;
            }

            for (int i = 0; i < tags.Length; i++)
            {
                var tag = tags[i];
                int j = Array.IndexOf(Keys, tag.Key);
                if (j < 0 || !Equals(Values[j], tag.Value))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
