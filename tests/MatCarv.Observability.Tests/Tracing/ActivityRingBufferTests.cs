using System.Diagnostics;
using MatCarv.Observability.Tracing.Export;

namespace MatCarv.Observability.Tests.Tracing;

public sealed class ActivityRingBufferTests
{
    [Fact]
    public void Refuses_items_beyond_capacity_and_hands_them_out_in_order()
    {
        var ring = new ActivityRingBuffer(4);
        var items = Enumerable.Range(0, 5).Select(i => new Activity("a" + i)).ToArray();
        Assert.Equal([0L, 1, 2, 3], items.Take(4).Select(ring.TryEnqueue));
        Assert.Equal(-1, ring.TryEnqueue(items[4]));
        Assert.False(ring.TryAdd(items[4]));
        Assert.Equal(4, ring.Count);
        Assert.True(ring.TryTake(out var first));
        Assert.Same(items[0], first);
        Assert.Equal(4, ring.TryEnqueue(items[4]));
        var rest = new List<Activity>();
        while (ring.TryTake(out var next))
        {
            rest.Add(next!);
        }

        Assert.Equal(items.Skip(1), rest);
        Assert.Equal(5, ring.Added);
        Assert.Equal(5, ring.Removed);
    }

    [Fact]
    public async Task Concurrent_producers_and_one_consumer_see_every_item_exactly_once()
    {
        var ring = new ActivityRingBuffer(64);
        const int Producers = 4, PerProducer = 5_000;
        var taken = new HashSet<Activity>(ReferenceEqualityComparer.Instance);
        int refused = 0;
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(() =>
        {
            for (int i = 0; i < PerProducer; i++)
            {
                var activity = new Activity("p");
                while (!ring.TryAdd(activity))
                {
                    Interlocked.Increment(ref refused);
                    Thread.Yield();
                }
            }
        })).ToArray();
        var batch = new Activity?[16];
        var consumer = Task.Run(() =>
        {
            while (taken.Count < Producers * PerProducer)
            {
                // Batches of varying size, as the exporter's loop takes them.
                int count = ring.TakeBatch(batch.AsSpan(0, 1 + (taken.Count % batch.Length)));
                for (int i = 0; i < count; i++)
                {
                    Assert.True(taken.Add(batch[i]!));
                }

                if (count == 0)
                {
                    Thread.Yield();
                }
            }
        });
        await Task.WhenAll(producers.Append(consumer));
        Assert.Equal(Producers * PerProducer, taken.Count);
        Assert.Equal(0, ring.Count);
    }
}
