using System.Diagnostics;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.Tests.Tracing;

public sealed class TraceSpanTests
{
    [Fact]
    public async Task TraceAsync_ends_the_span_after_the_awaited_work_and_records_its_exception()
    {
        await using var harness = new TracingHarness();
        DateTime afterWork = default;
        Activity? activity = null;
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Tracer.TraceAsync("slow-step", async span =>
        {
            activity = span.Activity;
            await Task.Delay(20);
            afterWork = DateTime.UtcNow;
            throw new InvalidOperationException("after the await");
        }));

        Assert.Equal("after the await", ex.Message);
        await harness.FlushAsync();
        var datagrams = await harness.Collector.WaitForIdsAsync([activity!.SpanId.ToHexString()]);
        XRaySchema.AssertDatagrams(datagrams);
        var segment = Assert.Single(datagrams).Body;

        // The span ends when the task completes, not when it is returned (Powertools' non-generic Task case).
        var end = DateTime.UnixEpoch.AddTicks((long)(segment.GetProperty("end_time").GetDecimal() * TimeSpan.TicksPerSecond));
        Assert.True(end >= afterWork.AddTicks(-10), $"span ended at {end:O}, work finished at {afterWork:O}");
        Assert.True(segment.GetProperty("fault").GetBoolean());
        Assert.Equal("after the await", segment.GetProperty("cause").GetProperty("exceptions")[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Capture_settings_from_the_environment_are_honoured()
    {
        var environment = new Dictionary<string, string?>
        {
            ["POWERTOOLS_SERVICE_NAME"] = "orders",
            ["POWERTOOLS_TRACER_CAPTURE_RESPONSE"] = "false",
            ["POWERTOOLS_TRACER_CAPTURE_ERROR"] = "false",
        };
        await using var harness = new TracingHarness(environment);
        Activity activity;
        using (var span = harness.Tracer.StartSpan("quiet"))
        {
            activity = span.Activity!;
            span.CaptureResponse("{\"secret\":true}");
            span.CaptureError(new InvalidOperationException("do not record"));
        }

        await harness.FlushAsync();
        var datagrams = await harness.Collector.WaitForIdsAsync([activity.SpanId.ToHexString()]);
        XRaySchema.AssertDatagrams(datagrams);
        var segment = Assert.Single(datagrams).Body;
        Assert.True(segment.GetProperty("fault").GetBoolean());
        Assert.False(segment.TryGetProperty("cause", out _));
        Assert.False(segment.GetProperty("metadata").TryGetProperty("orders", out _));
    }

    [Fact]
    public async Task Names_outside_the_XRay_character_set_are_sanitised_to_a_schema_valid_document()
    {
        await using var harness = new TracingHarness();
        Activity parent, child;
        using (parent = harness.Source.StartActivity("job")!)
        {
            using (child = harness.Source.StartActivity("GET /orders?id=1;drop*!(" + new string('n', 300))!)
            {
            }
        }

        await harness.FlushAsync();
        var datagrams = await harness.Collector.WaitForIdsAsync([parent.SpanId.ToHexString()]);
        XRaySchema.AssertDatagrams(datagrams);
        var name = datagrams.SelectMany(d => d.Flatten()).Single(n => n.Node.GetProperty("id").GetString() == child.SpanId.ToHexString()).Node.GetProperty("name").GetString()!;
        Assert.StartsWith("GET /ordersid=1drop", name, StringComparison.Ordinal);
        Assert.Equal(200, name.Length);
    }

    [Fact]
    public void A_propagator_registered_before_is_wrapped_not_lost()
    {
        var services = new ServiceCollection();
        services.AddSingleton(DistributedContextPropagator.CreatePassThroughPropagator());
        services.AddMatCarvObservability(o => o.Output = Stream.Null);
        using var provider = services.BuildServiceProvider();
        var propagator = provider.GetRequiredService<DistributedContextPropagator>();
        Assert.IsType<XRayPropagator>(propagator);
        Assert.Contains("X-Amzn-Trace-Id", propagator.Fields);
        Assert.Contains("traceparent", propagator.Fields);
    }
}
