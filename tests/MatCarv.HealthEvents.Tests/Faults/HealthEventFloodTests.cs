using System.Diagnostics;
using MatCarv.HealthEvents.Tests.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit.Abstractions;

namespace MatCarv.HealthEvents.Tests.Faults;

/// <summary>
/// Issue 10's flood of health events (with the logs, metrics and traces floods in MatCarv.Observability.Tests, <c>Flood/</c>;
/// run them all with <c>--filter Category=Flood</c>): 10⁴ events published as fast as one thread can, against a
/// SigV4-checking PutEvents endpoint on 127.0.0.1 that throttles now and then. The queue is bounded
/// (<c>QueueCapacity</c>), so what does not fit is counted; everything else arrives exactly once, and publishing never waits.
/// </summary>
[Collection(FloodCollection.Name)]
[Trait("Category", "Flood")]
public sealed class HealthEventFloodTests
{
    private readonly ITestOutputHelper _output;

    public HealthEventFloodTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Ten_thousand_events_are_each_accepted_once_or_counted_and_publishing_never_waits()
    {
        const int Events = 10_000;
        await using var server = await FakeEventBridge.StartAsync();
        int requests = 0;
        server.Always = _ => Task.FromResult<FakeEventBridge.Response?>(Interlocked.Increment(ref requests) % 7 == 0
            ? FakeEventBridge.Response.Error(System.Net.HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded")
            : null);

        await using var stack = TestStack.Create(TestStack.ForServer(server, o => o.FlushTimeout = TimeSpan.FromSeconds(60)));
        long slowest = 0;
        int refused = 0;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Events; i++)
        {
            long started = Stopwatch.GetTimestamp();
            if (!stack.Publisher.TryPublish(new HealthEvent(i % 2 == 0 ? HealthStatus.Healthy : HealthStatus.Degraded, "flood " + i) { Kind = HealthEventKind.Heartbeat }))
            {
                refused++;
            }

            slowest = Math.Max(slowest, Stopwatch.GetTimestamp() - started);
        }

        clock.Stop();
        Assert.True(await stack.Lambda.FlushAsync(TimeSpan.FromSeconds(60)));

        var accepted = server.Accepted;
        var ids = accepted.Select(d => d.GetProperty("eventId").GetString()).ToList();
        long dropped = stack.DropCount("health_events");
        _output.WriteLine($"10^4 health events published in {clock.ElapsedMilliseconds} ms: {accepted.Count:N0} accepted ({ids.Distinct().Count():N0} distinct ids) in {server.Requests.Count:N0} requests "
            + $"(every 7th throttled), {dropped:N0} dropped (counted: {stack.DropCount("health_events", "queue_full")} queue full), {refused} refused by TryPublish, "
            + $"slowest TryPublish {Stopwatch.GetElapsedTime(0, slowest).TotalMilliseconds:N2} ms");
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(accepted, HealthEventSchema.AssertValid);
        Assert.Equal(Events, accepted.Count + dropped);
        Assert.True(Stopwatch.GetElapsedTime(0, slowest) < TimeSpan.FromSeconds(1), "TryPublish waited");
    }
}
