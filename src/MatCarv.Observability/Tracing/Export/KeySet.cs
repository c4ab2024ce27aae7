namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// The keys already written in one JSON object (a span has a handful of tags): a linear scan while small, a hash set beyond.
/// Hashing every tag key cost more than the scan for the usual 0–8 keys (perf profile of the exporter, tracing-perf note).
/// </summary>
internal sealed class KeySet
{
    private const int LinearLimit = 8;

    private readonly string[] _small = new string[LinearLimit];
    private readonly HashSet<string> _large = new(StringComparer.Ordinal);
    private int _count;

    public void Clear()
    {
        if (_count > LinearLimit)
        {
            _large.Clear();
        }

        _count = 0;
    }

    /// <summary>Adds <paramref name="key"/>; false when it was already there.</summary>
    public bool Add(string key)
    {
        if (_count < LinearLimit)
        {
            for (int i = 0; i < _count; i++)
            {
                if (string.Equals(_small[i], key, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            _small[_count++] = key;
            return true;
        }

        if (_count == LinearLimit)
        {
            foreach (var known in _small)
            {
                _large.Add(known);
            }
        }

        if (!_large.Add(key))
        {
            return false;
        }

        _count++;
        return true;
    }
}
