using System.Diagnostics;
using System.Runtime.InteropServices;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// A bounded multi-producer, single-consumer queue of finished activities: the only work on the caller's thread is a
/// compare-and-swap and a slot write (no allocation, no lock, no syscall). When full, <see cref="TryAdd"/> returns false and the
/// caller counts the drop. The same design as OpenTelemetry's <c>CircularBuffer</c>, with two changes measured on the sustained
/// benchmark: the producers' and the consumer's positions sit on separate cache lines (they were written by different cores
/// on every span), and producers read the consumer's position only when the ring looks full (through a cached copy).
/// </summary>
internal sealed class ActivityRingBuffer
{
    private readonly Activity?[] _slots;
    private PaddedLong _head;
    private PaddedLong _tailCache;
    private PaddedLong _tail;

    public ActivityRingBuffer(int capacity) => _slots = new Activity?[capacity];

    public int Capacity => _slots.Length;

    /// <summary>Items added so far (a flush waits until the consumer has taken this many).</summary>
    public long Added => Volatile.Read(ref _head.Value);

    /// <summary>Items taken so far.</summary>
    public long Removed => Volatile.Read(ref _tail.Value);

    public int Count => (int)(Volatile.Read(ref _head.Value) - Volatile.Read(ref _tail.Value));

    /// <summary>Adds <paramref name="activity"/>; false when the ring is full.</summary>
    public bool TryAdd(Activity activity) => TryEnqueue(activity) >= 0;

    /// <summary>Adds <paramref name="activity"/>; returns its position (items added before it), or -1 when the ring is full.</summary>
    public long TryEnqueue(Activity activity)
    {
        while (true)
        {
            long head = Volatile.Read(ref _head.Value);
            if (head - Volatile.Read(ref _tailCache.Value) >= _slots.Length)
            {
                // The cached tail may be behind (it only ever lags the real one): look at the real tail before giving up.
                long tail = Volatile.Read(ref _tail.Value);
                Volatile.Write(ref _tailCache.Value, tail);
                if (head - tail >= _slots.Length)
                {
                    return -1;
                }
            }

            if (Interlocked.CompareExchange(ref _head.Value, head + 1, head) != head)
            {
                continue;
            }

            // The consumer cleared this slot before it moved the tail past it (and the tail was read after that), so it is free.
            Volatile.Write(ref _slots[(int)(head % _slots.Length)], activity);
            return head;
        }
    }

    /// <summary>
    /// Single consumer only: takes up to <paramref name="destination"/>'s length of items, in order, and returns how many.
    /// The tail moves once per batch.
    /// </summary>
    public int TakeBatch(Span<Activity?> destination)
    {
        long tail = _tail.Value;
        long available = Volatile.Read(ref _head.Value) - tail;
        int count = (int)Math.Min(available, destination.Length);
        for (int i = 0; i < count; i++)
        {
            int index = (int)((tail + i) % _slots.Length);
            Activity? activity;
            var spin = default(SpinWait);

            // A producer reserved this slot; wait for its write to land.
            while ((activity = Volatile.Read(ref _slots[index])) is null)
            {
                spin.SpinOnce();
            }

            destination[i] = activity;
            _slots[index] = null;
        }

        if (count > 0)
        {
            Volatile.Write(ref _tail.Value, tail + count);
        }

        return count;
    }

    /// <summary>Single consumer only.</summary>
    public bool TryTake(out Activity? activity)
    {
        Span<Activity?> one = [null];
        if (TakeBatch(one) == 1)
        {
            activity = one[0];
            return true;
        }

        activity = null;
        return false;
    }

    /// <summary>A long alone on its 128-byte region (two cache lines: adjacent-line prefetch).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct PaddedLong
    {
        [FieldOffset(128)]
        public long Value;
    }
}
