using System.Numerics;
using System.Runtime.CompilerServices;
using MatCarv.Observability.Collections;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>
/// The buckets of one sign of a distribution during one interval: a dense array over the contiguous range of bucket indices
/// in use, so recording is an array access. The window is placed around the first value, moved or grown when a value falls
/// outside it (an allocation only while the range of the values widens; the array is kept from interval to interval) and
/// never holds more than <see cref="MaxBuckets"/> buckets: a wider range halves the resolution (neighbouring buckets merge,
/// their exact statistics add up) until it fits, so memory stays bounded whatever the values. Not thread-safe: the
/// <see cref="DistributionRecorder"/> serialises access.
/// </summary>
internal sealed class BucketWindow
{
    /// <summary>
    /// The most buckets of one sign (32 KiB): 64 powers of two (19 decades) at full resolution. Values spanning more in one
    /// interval are written at a coarser resolution (<see cref="LogLinearBuckets.RelativeErrorAt"/>).
    /// </summary>
    public const int MaxBuckets = 1024;

    private const int InitialBuckets = 32;

    /// <summary>An offset that puts every index outside the window: the first value places it.</summary>
    private const int Unplaced = int.MinValue / 2;

    private BucketStats[] _buckets = [];
    private int _offset = Unplaced;
    private int _shift;

    /// <summary>How many times the resolution was halved this interval (0: full resolution).</summary>
    public int Shift => _shift;

    /// <summary>Records a value whose magnitude has full-resolution bucket <paramref name="index"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int index, double value)
    {
        int position = (index >> _shift) - _offset;
        var buckets = _buckets;
        if ((uint)position >= (uint)buckets.Length)
        {
            position = MakeRoom(index);
            buckets = _buckets;
        }

        buckets[position].Add(value);
    }

    /// <summary>
    /// Appends one entry per non-empty bucket, by increasing magnitude (or decreasing when <paramref name="descending"/>),
    /// then empties the window for the next interval (keeping its array). Returns how many entries were added.
    /// </summary>
    public int Drain(ValueList<DistributionEntry> into, bool descending)
    {
        var buckets = _buckets;
        int added = 0;
        for (int k = 0; k < buckets.Length; k++)
        {
            int position = descending ? buckets.Length - 1 - k : k;
            ref var bucket = ref buckets[position];
            if (bucket.Count == 0)
            {
                continue;
            }

            double smallest = Math.Min(Math.Abs(bucket.Min), Math.Abs(bucket.Max));
            double largest = Math.Max(Math.Abs(bucket.Min), Math.Abs(bucket.Max));
            double magnitude = LogLinearBuckets.Representative(_offset + position, _shift, smallest, largest);
            into.Add(new DistributionEntry(bucket.Min < 0 ? -magnitude : magnitude, bucket.Count, bucket.Sum, bucket.Min, bucket.Max));
            added++;
        }

        Array.Clear(buckets);
        _offset = Unplaced;
        _shift = 0;
        return added;
    }

    /// <summary>Places, moves, grows or coarsens the window so that <paramref name="index"/> fits; returns its position.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int MakeRoom(int index)
    {
        if (_buckets.Length == 0)
        {
            _buckets = new BucketStats[InitialBuckets];
        }

        if (!FindUsed(out int low, out int high))
        {
            _offset = (index >> _shift) - (_buckets.Length / 2);
            return (index >> _shift) - _offset;
        }

        while (true)
        {
            int target = index >> _shift;
            int from = Math.Min(low, target);
            int to = Math.Max(high, target);
            int span = to - from + 1;
            if (span > MaxBuckets)
            {
                Coarsen();
                low >>= 1;
                high >>= 1;
                continue;
            }

            // Room for the range to keep widening a little without moving again at once.
            int length = _buckets.Length;
            if (span > length)
            {
                length = Math.Min(MaxBuckets, Math.Max(length * 2, (int)BitOperations.RoundUpToPowerOf2((uint)span)));
            }

            int offset = from - ((length - span) / 2);
            Move(low, high, offset, length);
            return target - _offset;
        }
    }

    /// <summary>The lowest and highest index in use (at the current resolution); false when the window is empty.</summary>
    private bool FindUsed(out int low, out int high)
    {
        var buckets = _buckets;
        int first = -1;
        int last = -1;
        for (int p = 0; p < buckets.Length; p++)
        {
            if (buckets[p].Count != 0)
            {
                if (first < 0)
                {
                    first = p;
                }

                last = p;
            }
        }

        low = first + _offset;
        high = last + _offset;
        return first >= 0;
    }

    /// <summary>Puts the buckets of [low, high] at their positions under a new offset and length.</summary>
    private void Move(int low, int high, int offset, int length)
    {
        var source = _buckets;
        int count = high - low + 1;
        int from = low - _offset;
        int to = low - offset;
        if (length == source.Length)
        {
            // Same array: an overlapping copy, then clear what the range left behind.
            Array.Copy(source, from, source, to, count);
            if (to > from)
            {
                Array.Clear(source, from, Math.Min(count, to - from));
            }
            else if (to < from)
            {
                int clearFrom = Math.Max(to + count, from);
                Array.Clear(source, clearFrom, from + count - clearFrom);
            }
        }
        else
        {
            var grown = new BucketStats[length];
            Array.Copy(source, from, grown, to, count);
            _buckets = grown;
        }

        _offset = offset;
    }

    /// <summary>Halves the resolution in place: bucket i joins bucket i / 2 (positions only move down, so one pass suffices).</summary>
    private void Coarsen()
    {
        var buckets = _buckets;
        int offset = _offset;
        int coarseOffset = offset >> 1;
        for (int p = 0; p < buckets.Length; p++)
        {
            if (buckets[p].Count == 0)
            {
                continue;
            }

            var stats = buckets[p];
            buckets[p] = default;
            buckets[((p + offset) >> 1) - coarseOffset].Merge(stats);
        }

        _offset = coarseOffset;
        _shift++;
    }
}
