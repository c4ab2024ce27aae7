using System.Runtime.CompilerServices;
using MatCarv.Observability.Collections;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>
/// What one metric series recorded during one flush interval. The first values are kept exactly, in the order recorded (up
/// to <see cref="MatCarvMetricsOptions.MaxValuesPerMetric"/>: what Powertools writes, an array of data points); the value
/// after that moves the interval to buckets (<see cref="LogLinearBuckets"/>): every value, the earlier ones included, is
/// counted in its bucket with exact count, sum, minimum and maximum, so memory is bounded and no value is ever dropped.
/// Zero has a bucket of its own, negative values a window of their own. Not thread-safe: the
/// <see cref="DistributionRecorder"/> serialises access.
/// </summary>
internal sealed class DistributionInterval
{
    private const int InitialRawLength = 16;

    private readonly int _maxRaw;
    private double[] _raw;
    private int _rawCount;
    private bool _bucketed;
    private long _zeroCount;
    private BucketWindow? _positive;
    private BucketWindow? _negative;

    public DistributionInterval(int maxRaw)
    {
        _maxRaw = Math.Max(0, maxRaw);
        _raw = new double[Math.Min(_maxRaw, InitialRawLength)];
    }

    /// <summary>Records a value CloudWatch accepts (<see cref="EmfRules.IsValidValue"/>: finite, magnitude 0 or in [2^-360, 2^360]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(double value)
    {
        if (!_bucketed)
        {
            int count = _rawCount;
            var raw = _raw;
            if ((uint)count < (uint)raw.Length)
            {
                raw[count] = value;
                _rawCount = count + 1;
                return;
            }

            if (!TryGrowRaw(value))
            {
                SwitchToBuckets();
            }
            else
            {
                return;
            }
        }

        AddToBuckets(value);
    }

    /// <summary>
    /// Moves the interval's values out and empties it: the exact values to <paramref name="values"/> (in recorded order), or
    /// the distribution's entries to <paramref name="entries"/> (by increasing value). Returns how many items were added
    /// (0: nothing was recorded); <paramref name="isDistribution"/> says which list received them.
    /// </summary>
    public int Drain(ValueList<double> values, ValueList<DistributionEntry> entries, out bool isDistribution)
    {
        isDistribution = _bucketed;
        if (!_bucketed)
        {
            int count = _rawCount;
            for (int i = 0; i < count; i++)
            {
                values.Add(_raw[i]);
            }

            _rawCount = 0;
            return count;
        }

        int added = _negative?.Drain(entries, descending: true) ?? 0;
        if (_zeroCount > 0)
        {
            entries.Add(new DistributionEntry(0, _zeroCount, 0, 0, 0));
            added++;
        }

        added += _positive?.Drain(entries, descending: false) ?? 0;
        _zeroCount = 0;
        _bucketed = false;
        return added;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AddToBuckets(double value)
    {
        if (value > 0)
        {
            (_positive ??= new BucketWindow()).Add(LogLinearBuckets.IndexOf(value), value);
        }
        else if (value < 0)
        {
            (_negative ??= new BucketWindow()).Add(LogLinearBuckets.IndexOf(-value), value);
        }
        else
        {
            _zeroCount++;
        }
    }

    /// <summary>Grows the exact-value array (at most to the limit) and stores the value; false when the limit is reached.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryGrowRaw(double value)
    {
        if (_raw.Length >= _maxRaw)
        {
            return false;
        }

        Array.Resize(ref _raw, (int)Math.Min(_maxRaw, _raw.Length * 4L));
        _raw[_rawCount++] = value;
        return true;
    }

    /// <summary>The limit of exact values is reached: they join the buckets, and so will every further value this interval.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SwitchToBuckets()
    {
        _bucketed = true;
        for (int i = 0; i < _rawCount; i++)
        {
            AddToBuckets(_raw[i]);
        }

        _rawCount = 0;
    }
}
