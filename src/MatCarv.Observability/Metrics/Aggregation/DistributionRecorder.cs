using MatCarv.Observability.Collections;
using MatCarv.Observability.Metrics.Emf;

namespace MatCarv.Observability.Metrics.Aggregation;

/// <summary>
/// The values of one metric series between two flushes, recorded by any number of threads: two intervals alternate, the
/// recording threads fill the active one while the flush reads the other. One interlocked operation per value — a lock held
/// for the few instructions of <see cref="DistributionInterval.Record"/> — keeps each value's count, sum, minimum and maximum
/// together: a flush swaps the intervals under the same lock, so a value is in exactly one interval (never lost, never counted
/// twice) and every interval a flush writes is complete. Recording allocates nothing once the interval's arrays have grown to
/// the series' range (they are kept from interval to interval).
/// </summary>
internal sealed class DistributionRecorder
{
    private DistributionInterval _active;
    private DistributionInterval _standby;
    private int _lock;

    public DistributionRecorder(int maxExactValues)
    {
        _active = new DistributionInterval(maxExactValues);
        _standby = new DistributionInterval(maxExactValues);
    }

    public void Record(double value)
    {
        if (Interlocked.CompareExchange(ref _lock, 1, 0) != 0)
        {
            WaitForLock();
        }

        try
        {
            _active.Record(value);
        }
        finally
        {
            Volatile.Write(ref _lock, 0);
        }
    }

    /// <summary>
    /// Takes everything recorded since the previous drain (see <see cref="DistributionInterval.Drain"/>). One drainer at a time
    /// (the caller holds the flush lock); recording threads wait only for the swap of two references.
    /// </summary>
    public int Drain(ValueList<double> values, ValueList<DistributionEntry> entries, out bool isDistribution)
    {
        if (Interlocked.CompareExchange(ref _lock, 1, 0) != 0)
        {
            WaitForLock();
        }

        var full = _active;
        _active = _standby;
        Volatile.Write(ref _lock, 0);

        try
        {
            return full.Drain(values, entries, out isDistribution);
        }
        finally
        {
            // Even if the drain failed, the two intervals must stay distinct objects.
            _standby = full;
        }
    }

    private void WaitForLock()
    {
        // Held for a few nanoseconds (longer only while an interval grows its arrays or switches to buckets): spin, then yield.
        var spin = default(SpinWait);
        do
        {
            spin.SpinOnce();
        }
        while (Interlocked.CompareExchange(ref _lock, 1, 0) != 0);
    }
}
