using MatCarv.HealthEvents.Publishing;
using MatCarv.HealthEvents.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.Tests.Publishing;

public sealed class PublishAllocationTests
{
    [Fact]
    public void Publishing_allocates_nothing_beyond_the_event_itself()
    {
        using var telemetry = TestTelemetry.Create();
        var settings = new HealthEventsSettings(new HealthEventsOptions { QueueCapacity = 4096 }, telemetry.Context);
        using var publisher = new HealthEventPublisher(settings);
        var events = new HealthEvent[1000];

        // Warm up: the channel's ring buffer grows to its working size once, and the JIT settles.
        Publish(publisher, events, 3);

        for (int i = 0; i < events.Length; i++)
        {
            events[i] = new HealthEvent(HealthStatus.Unhealthy, "db down");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var e in events)
        {
            publisher.TryPublish(e);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Drain(publisher);
        Assert.Equal(0, allocated);
    }

    private static void Publish(HealthEventPublisher publisher, HealthEvent[] buffer, int rounds)
    {
        for (int r = 0; r < rounds; r++)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                publisher.TryPublish(new HealthEvent(HealthStatus.Degraded, "warm-up"));
            }

            Drain(publisher);
        }
    }

    private static void Drain(HealthEventPublisher publisher)
    {
        while (publisher.Reader.TryRead(out _))
        {
        }
    }
}
