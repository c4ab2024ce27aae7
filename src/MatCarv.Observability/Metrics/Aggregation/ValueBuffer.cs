namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>
/// The values of one metric between two flushes, recorded by any number of threads with one interlocked increment and
/// no lock and no allocation. Two segments alternate: writers fill the active one while the flusher drains the other.
/// A slot is reserved by incrementing the segment's count, then written; slots hold NaN until written (NaN is never a
/// recorded value, it is rejected on input), so the flusher knows when a reserved slot is complete.
/// When the active segment is full, values go to an overflow list under a lock, up to the configured limit; the next
/// drain then grows the segment so that a steady rate stays on the lock-free path.
/// </summary>
internal sealed class ValueBuffer
{
    /// <summary>A count this low marks a segment being drained: writers that see it retry on the new active segment.</summary>
    private const int Closed = int.MinValue / 2;
    private const int MaxSegmentLength = 4096;

    private readonly object _overflowGate = new();
    private readonly int _maxValues;
    private Segment _active;
    private Segment _standby;
    private List<double>? _overflow;
    private int _overflowCount;

    public ValueBuffer(int initialLength, int maxValues)
    {
        _maxValues = Math.Max(1, maxValues);
        int length = Math.Clamp(initialLength, 1, Math.Min(MaxSegmentLength, _maxValues));
        _active = new Segment(length);
        _standby = new Segment(length);
    }

    /// <summary>Adds a finite value. Returns false when the per-metric limit is reached (the caller counts the drop).</summary>
    public bool Add(double value)
    {
        while (true)
        {
            var segment = Volatile.Read(ref _active);
            int index = Interlocked.Increment(ref segment.Count) - 1;
            var values = segment.Values;
            if ((uint)index < (uint)values.Length)
            {
                Volatile.Write(ref values[index], value);
                return true;
            }

            if (index >= 0)
            {
                return AddOverflow(value, values.Length);
            }

            // Closed: the flusher swapped segments after we read _active; the new one is already published.
            if (ReferenceEquals(segment, Volatile.Read(ref _active)))
            {
                // Only reachable after 2^30 increments in one interval: treat as full.
                return AddOverflow(value, segment.Values.Length);
            }
        }
    }

    /// <summary>
    /// Moves every value recorded so far to <paramref name="into"/>; returns how many. One drainer at a time (the caller
    /// holds the flush lock). A writer that reserved a slot just before the swap is awaited; one delayed past the reset of
    /// the drained segment lands in the next interval instead of being lost.
    /// </summary>
    public int Drain(List<double> into)
    {
        var drained = _active;
        var next = _standby;
        Volatile.Write(ref _active, next);
        int reserved = Interlocked.Exchange(ref drained.Count, Closed);
        int filled = Math.Min(reserved, drained.Values.Length);
        int start = into.Count;
        var values = drained.Values;
        for (int i = 0; i < filled; i++)
        {
            double value = Volatile.Read(ref values[i]);
            if (double.IsNaN(value))
            {
                var spin = default(SpinWait);
                do
                {
                    spin.SpinOnce();
                    value = Volatile.Read(ref values[i]);
                }
                while (double.IsNaN(value));
            }

            into.Add(value);
            values[i] = double.NaN;
        }

        // The overflow lock is taken only when something overflowed; a value added to it right after this check is
        // written by the next drain.
        bool overflowed = Volatile.Read(ref _overflowCount) > 0;
        if (overflowed)
        {
            lock (_overflowGate)
            {
                into.AddRange(_overflow!);
                _overflow!.Clear();
                _overflowCount = 0;
            }
        }

        // A steady rate above the segment size would keep taking the overflow lock: grow the drained segment (we own it
        // now) so the next intervals stay lock-free.
        if (overflowed && drained.Values.Length < Math.Min(MaxSegmentLength, _maxValues))
        {
            var grown = new double[Math.Min(Math.Min(MaxSegmentLength, _maxValues), drained.Values.Length * 4)];
            Array.Fill(grown, double.NaN);
            drained.Values = grown;
        }

        _standby = drained;
        Volatile.Write(ref drained.Count, 0);
        return into.Count - start;
    }

    private bool AddOverflow(double value, int segmentLength)
    {
        lock (_overflowGate)
        {
            _overflow ??= new List<double>(segmentLength);
            if (segmentLength + _overflow.Count >= _maxValues)
            {
                return false;
            }

            _overflow.Add(value);
            Volatile.Write(ref _overflowCount, _overflow.Count);
            return true;
        }
    }

    private sealed class Segment
    {
        public double[] Values;
        public int Count;

        public Segment(int length)
        {
            Values = new double[length];
            Array.Fill(Values, double.NaN);
        }
    }
}
