using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CsCheck;
using MatCarv.HealthEvents.Publishing;
using MatCarv.HealthEvents.Tests.Infrastructure;
using MatCarv.HealthEvents.Transport;
using MatCarv.Observability;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.Tests.Model;

public sealed class HealthEventSerializationTests
{
    private static (HealthEventsSettings Settings, HealthEventPublisher Publisher, HealthEventSerializer Serializer) Pipeline(Action<HealthEventsOptions>? configure = null)
    {
        var runtime = TestTelemetry.Create().Context;
        var options = new HealthEventsOptions { Source = "com.acme.health" };
        options.Resources.Add("arn:aws:lambda:eu-west-1:123456789012:function:orders");
        configure?.Invoke(options);
        var settings = new HealthEventsSettings(options, runtime);
        return (settings, new HealthEventPublisher(settings), new HealthEventSerializer(settings));
    }

    /// <summary>Publishes through the real publisher (which stamps) and takes the event back off its queue.</summary>
    private static HealthEvent Stamped(HealthEventPublisher publisher, HealthEvent e)
    {
        Assert.True(publisher.TryPublish(e));
        Assert.True(publisher.Reader.TryRead(out var queued));
        return queued;
    }

    [Fact]
    public void Any_event_serializes_to_a_schema_valid_detail_whose_size_matches_the_wire_formula()
    {
        var (settings, publisher, serializer) = Pipeline();
        var stdout = new StdoutSink(settings.Runtime, settings.Source, "eu-west-1");
        Generators.Event.Sample(e =>
        {
            var entry = serializer.Prepare(Stamped(publisher, e));

            using var detail = JsonDocument.Parse(entry.Detail);
            HealthEventSchema.AssertValid(detail.RootElement);

            // The size formula, computed as EventBridge does from the decoded request (14 for Time + UTF-8 of the strings).
            using var request = JsonDocument.Parse(PutEventsCodec.WriteRequest([entry], settings.Source, null));
            var wire = request.RootElement.GetProperty("Entries")[0];
            var expected = 14 + Encoding.UTF8.GetByteCount(wire.GetProperty("Source").GetString()!)
                + Encoding.UTF8.GetByteCount(wire.GetProperty("DetailType").GetString()!)
                + Encoding.UTF8.GetByteCount(wire.GetProperty("Detail").GetString()!)
                + wire.GetProperty("Resources").EnumerateArray().Sum(r => Encoding.UTF8.GetByteCount(r.GetString()!));
            Assert.Equal(expected, entry.Size);

            // The stdout fallback line carries the same detail as a nested object.
            using var line = JsonDocument.Parse(stdout.Write(entry).ToArray());
            HealthEventSchema.AssertValid(line.RootElement.GetProperty("detail"));
            Assert.Equal(wire.GetProperty("Detail").GetString(), line.RootElement.GetProperty("detail").GetRawText());
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void Detail_carries_identity_status_transition_checks_and_W3C_trace_context()
    {
        var (_, publisher, serializer) = Pipeline();
        using var source = new ActivitySource("test.health");
        using var listener = new ActivityListener { ShouldListenTo = _ => true, Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded };
        ActivitySource.AddActivityListener(listener);
        Stamped(publisher, new HealthEvent(HealthStatus.Healthy, "started"));
        HealthEvent e;
        using (var activity = source.StartActivity("probe")!)
        {
            activity.TraceStateString = "vendor=1";
            e = Stamped(publisher, new HealthEvent(HealthStatus.Unhealthy, "db down")
            {
                Checks = [new HealthEventCheck("db", HealthStatus.Unhealthy, TimeSpan.FromMilliseconds(12.5)) { Description = "timeout", Tags = ["critical"], ExceptionType = "System.TimeoutException" }],
            });
            Assert.Equal(activity.TraceId, e.TraceId);
        }

        var before = DateTimeOffset.UtcNow;
        var entry = serializer.Prepare(e);
        using var doc = JsonDocument.Parse(entry.Detail);
        var d = doc.RootElement;

        // Published on the system clock: the caller took a coarse tick, converted to UTC by the sender (millisecond output).
        Assert.InRange(entry.Time, before.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(entry.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture), d.GetProperty("observedAt").GetString());
        HealthEventSchema.AssertValid(d);
        Assert.Equal("1.0", d.GetProperty("schemaVersion").GetString());
        Assert.Equal(2, d.GetProperty("sequence").GetInt64());
        Assert.Equal(e.EventId.ToString(), d.GetProperty("eventId").GetString());
        Assert.Equal("Unhealthy", d.GetProperty("status").GetString());
        Assert.Equal("Healthy", d.GetProperty("previousStatus").GetString());
        Assert.Equal("open", d.GetProperty("statusCode").GetString());
        Assert.Equal("orders", d.GetProperty("service").GetProperty("name").GetString());
        Assert.Equal("1.2.3", d.GetProperty("service").GetProperty("version").GetString());
        Assert.Equal("test", d.GetProperty("environment").GetString());
        Assert.Equal("orders-7f9c", d.GetProperty("instance").GetProperty("id").GetString());
        Assert.Equal(12.5, d.GetProperty("checks")[0].GetProperty("durationMs").GetDouble());
        Assert.Equal("System.TimeoutException", d.GetProperty("checks")[0].GetProperty("exceptionType").GetString());
        var trace = d.GetProperty("trace");
        Assert.Equal($"00-{e.TraceId.ToHexString()}-{e.SpanId.ToHexString()}-01", trace.GetProperty("traceparent").GetString());
        Assert.Equal("vendor=1", trace.GetProperty("tracestate").GetString());
        Assert.StartsWith("Root=1-", entry.TraceHeader, StringComparison.Ordinal);
        Assert.Equal(["arn:aws:lambda:eu-west-1:123456789012:function:orders"], entry.Resources);
    }

    [Fact]
    public void Dedup_key_is_deterministic_and_differs_per_sequence()
    {
        var (settings, _, _) = Pipeline();
        var a = HealthEventSerializer.ComputeDedupKey(settings, 7, HealthEventKind.StatusChanged, HealthStatus.Unhealthy);
        Assert.Equal(a, HealthEventSerializer.ComputeDedupKey(settings, 7, HealthEventKind.StatusChanged, HealthStatus.Unhealthy));
        Assert.NotEqual(a, HealthEventSerializer.ComputeDedupKey(settings, 8, HealthEventKind.StatusChanged, HealthStatus.Unhealthy));
        Assert.Matches("^[0-9a-f]{64}$", a);
    }

    [Fact]
    public void An_event_instance_is_published_once()
    {
        using var telemetry = TestTelemetry.Create();
        using var publisher = new HealthEventPublisher(new HealthEventsSettings(new HealthEventsOptions(), telemetry.Context));
        var e = new HealthEvent(HealthStatus.Degraded);
        Assert.True(publisher.TryPublish(e));
        Assert.False(publisher.TryPublish(e));
        Assert.Equal(1, telemetry.DropCount("health_events", "already_published"));
        Assert.Equal(1, e.Sequence);
        Assert.Equal(HealthStatus.Degraded, publisher.LastStatus);
    }

    [Fact]
    public void Heartbeats_do_not_change_the_previous_status_of_the_next_transition()
    {
        var (_, publisher, _) = Pipeline();
        Stamped(publisher, new HealthEvent(HealthStatus.Healthy));
        Stamped(publisher, new HealthEvent(HealthStatus.Unhealthy) { Kind = HealthEventKind.Heartbeat });
        var next = Stamped(publisher, new HealthEvent(HealthStatus.Degraded));
        Assert.Equal(HealthStatus.Healthy, next.PreviousStatus);
    }
}
