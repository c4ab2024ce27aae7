using System.Diagnostics;

namespace MatCarv.Observability.Tracing.Export;

/// <summary>
/// A bounded multi-producer, single-consumer queue of finished activities: the only work on the caller's thread is a
/// compare-and-swap and a slot write (no allocation, no lock, no syscall). When full, <see cref="TryAdd"/> returns false and the
/// caller counts the drop. The same design as OpenTelemetry's <c>CircularBuffer</c>.
/// </summary>
internal sealed class ActivityRingBuffer
{
    private readonly Activity?[] _slots;
    private long _head;
    private long _tail;

    public ActivityRingBuffer(int capacity) => _slots = new Activity?[capacity];

    public int Capacity => _slots.Length;

    /// <summary>Items added so far (a flush waits until the consumer has taken this many).</summary>
    public long Added => Volatile.Read(ref _head);

    /// <summary>Items taken so far.</summary>
    public long Removed => Volatile.Read(ref _tail);

    public int Count => (int)(Volatile.Read(ref _head) - Volatile.Read(ref _tail));

    public bool TryAdd(Activity activity)
    {
        while (true)
        {
            long head = Volatile.Read(ref _head);
            if (head - Volatile.Read(ref _tail) >= _slots.Length)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _head, head + 1, head) != head)
            {
                continue;
            }

            int index = (int)(head % _slots.Length);
            var spin = default(SpinWait);

            // The consumer clears a slot before moving the tail past it, so the slot is free or about to be.
            while (Interlocked.CompareExchange(ref _slots[index], activity, null) is not null)
            {
                spin.SpinOnce();
            }

            return true;
        }
    }

    /// <summary>Single consumer only.</summary>
    public bool TryTake(out Activity? activity)
    {
        long tail = _tail;
        if (tail >= Volatile.Read(ref _head))
        {
            activity = null;
            return false;
        }

        int index = (int)(tail % _slots.Length);
        var spin = default(SpinWait);

        // A producer reserved this slot; wait for its write to land.
        while ((activity = Volatile.Read(ref _slots[index])) is null)
        {
            spin.SpinOnce();
        }

        Volatile.Write(ref _slots[index], null);
        Volatile.Write(ref _tail, tail + 1);
        return true;
    }
}
