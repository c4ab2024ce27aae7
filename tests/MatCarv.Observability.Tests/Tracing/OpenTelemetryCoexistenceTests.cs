using System.Collections.Concurrent;
using System.Diagnostics;
using MatCarv.Observability.Tests.Tracing.Support;
using MatCarv.Observability.Tracing;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MatCarv.Observability.Tests.Tracing;

/// <summary>
/// A real OpenTelemetry SDK <c>TracerProvider</c> and our X-Ray pipeline listening to the same <see cref="ActivitySource"/> in
/// one process, with a real UDP receiver standing in for the daemon.
/// </summary>
public sealed class OpenTelemetryCoexistenceTests
{
    private const int Traces = 200;

    [Fact]
    public async Task XRay_receives_only_the_traces_our_sampler_chose_while_an_always_on_TracerProvider_sees_every_span()
    {
        await using var harness = new TracingHarness(configure: o =>
        {
            o.SamplingFixedTarget = 0;
            o.SamplingRate = 0.2;
        });
        var seen = new SeenByOpenTelemetry();

        // OpenTelemetry's default sampler: ParentBased(AlwaysOn).
        using var otel = Sdk.CreateTracerProviderBuilder().AddSource(harness.SourceName).AddProcessor(seen).Build()!;

        var expected = RunTraces(harness.Source);
        await harness.FlushAsync();

        // OpenTelemetry saw and recorded every span.
        Assert.Equal(Traces * 3, seen.Spans.Count);
        Assert.All(seen.Spans, a => Assert.True(a.Recorded));

        // X-Ray got exactly the traces whose tracestate carries our "sampled" decision, each complete, none twice.
        var chosen = seen.Spans.Where(a => a.ParentSpanId == default && a.TraceStateString == "matcarv=s:1").Select(a => a.TraceId.ToHexString()).ToHashSet();
        Assert.InRange(chosen.Count, 10, 80);
        var nodes = await ReceivedNodesAsync(harness.Collector, chosen.Count * 3);
        Assert.Equal(chosen.Count * 3, nodes.Count);
        Assert.Equal(nodes.Count, nodes.Select(n => n.Id).Distinct().Count());
        Assert.Equal(chosen.OrderBy(t => t), nodes.Select(n => n.TraceId).Distinct().OrderBy(t => t));
        Assert.All(expected.Where(t => chosen.Contains(t.Key)), t => Assert.Equal(3, nodes.Count(n => n.TraceId == t.Key)));
    }

    [Fact]
    public async Task FollowRecorded_lets_the_OpenTelemetry_sampler_decide_for_XRay_too()
    {
        await using var harness = new TracingHarness(configure: o =>
        {
            o.SamplingMode = XRaySamplingMode.FollowRecorded;

            // Ignored in this mode: our rules would sample everything.
            o.SamplingRate = 1;
        });
        var seen = new SeenByOpenTelemetry();
        using var otel = Sdk.CreateTracerProviderBuilder()
            .AddSource(harness.SourceName)
            .SetSampler(new ParentBasedSampler(new QuarterSampler()))
            .AddProcessor(seen)
            .Build()!;

        RunTraces(harness.Source);
        await harness.FlushAsync();

        var recorded = seen.Spans.Where(a => a.Recorded).ToList();
        var recordedTraces = recorded.Select(a => a.TraceId.ToHexString()).ToHashSet();
        Assert.InRange(recordedTraces.Count, 15, 90);
        Assert.Equal(recordedTraces.Count * 3, recorded.Count);
        var nodes = await ReceivedNodesAsync(harness.Collector, recorded.Count);
        Assert.Equal(recorded.Select(a => a.SpanId.ToHexString()).OrderBy(s => s), nodes.Select(n => n.Id).OrderBy(s => s));
    }

    [Fact]
    public async Task Outgoing_XRay_header_carries_our_decision_not_the_recorded_flag_set_by_OpenTelemetry()
    {
        await using var harness = new TracingHarness(configure: o =>
        {
            o.SamplingFixedTarget = 0;
            o.SamplingRate = 0;
        });
        using var otel = Sdk.CreateTracerProviderBuilder().AddSource(harness.SourceName).AddProcessor(new SeenByOpenTelemetry()).Build()!;
        var propagator = harness.Services.GetRequiredService<DistributedContextPropagator>();

        using var root = harness.Source.StartActivity("request")!;
        Assert.True(root.Recorded);
        var headers = new Dictionary<string, string>();
        propagator.Inject(root, headers, static (carrier, name, value) => ((Dictionary<string, string>)carrier!)[name] = value!);

        Assert.True(XRayTraceHeader.TryParse(headers["X-Amzn-Trace-Id"], out var header));
        Assert.Equal(false, header.Sampled);
        Assert.EndsWith("-01", headers["traceparent"], StringComparison.Ordinal);
        Assert.Equal("matcarv=s:0", headers["tracestate"]);
    }

    [Fact]
    public async Task A_downstream_service_honours_the_upstream_decision_in_tracestate_over_the_sampled_flag()
    {
        await using var harness = new TracingHarness(configure: o => o.SamplingRate = 1);
        using var otel = Sdk.CreateTracerProviderBuilder().AddSource(harness.SourceName).AddProcessor(new SeenByOpenTelemetry()).Build()!;

        // Upstream: OpenTelemetry recorded (flag 01), our SDK there said no; another vendor's entry is kept.
        var notChosen = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "matcarv=s:0,rojo=00f067aa0ba902b7", isRemote: true);
        var chosen = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, "rojo=1,matcarv=s:1", isRemote: true);
        string chosenId;
        using (var request = harness.Source.StartActivity("GET /", ActivityKind.Server, notChosen)!)
        {
            Assert.Equal("matcarv=s:0,rojo=00f067aa0ba902b7", request.TraceStateString);
            using var child = harness.Source.StartActivity("child")!;
            Assert.True(child.Recorded);
        }

        using (var request = harness.Source.StartActivity("GET /", ActivityKind.Server, chosen)!)
        {
            chosenId = request.SpanId.ToHexString();
            Assert.Equal("matcarv=s:1,rojo=1", request.TraceStateString);
        }

        await harness.FlushAsync();
        var nodes = await ReceivedNodesAsync(harness.Collector, 1);
        Assert.Equal(chosenId, Assert.Single(nodes).Id);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://xray.eu-west-1.amazonaws.com/v1/traces", true, true)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://localhost:4316", true, true)]
    [InlineData("OTEL_AWS_APPLICATION_SIGNALS_ENABLED", "true", true, true)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://jaeger:4318", true, false)]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "https://xray.eu-west-1.amazonaws.com/v1/traces", false, false)]
    public async Task Double_export_to_XRay_is_announced_once_when_OpenTelemetry_records_the_same_spans_and_sends_to_XRay(string variable, string value, bool withOpenTelemetry, bool warned)
    {
        var output = new Metrics.CaptureStream();
        await using var harness = new TracingHarness(
            environment: new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "orders", [variable] = value },
            configure: o => o.SamplingRate = 0,
            output: output);
        using var otel = withOpenTelemetry ? Sdk.CreateTracerProviderBuilder().AddSource(harness.SourceName).AddProcessor(new SeenByOpenTelemetry()).Build() : null;
        for (int i = 0; i < 5; i++)
        {
            using var root = harness.Source.StartActivity("request");
        }

        await harness.Telemetry.FlushAsync(TimeSpan.FromSeconds(10));
        var warnings = output.Lines().Where(l => l.Contains("\"reason\":\"double_export\"", StringComparison.Ordinal)).ToList();
        if (warned)
        {
            Assert.Contains(variable, Assert.Single(warnings), StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(warnings);
        }
    }

    /// <summary>200 traces of a root and two children; returns each trace id with its span count.</summary>
    private static Dictionary<string, int> RunTraces(ActivitySource source)
    {
        var traces = new Dictionary<string, int>();
        for (int i = 0; i < Traces; i++)
        {
            using var root = source.StartActivity("request", ActivityKind.Server)!;
            using (source.StartActivity("query"))
            {
            }

            using (source.StartActivity("render"))
            {
            }

            traces[root.TraceId.ToHexString()] = 3;
        }

        return traces;
    }

    /// <summary>Every span of every document received, after waiting for at least <paramref name="expected"/> and a little longer for extras.</summary>
    private static async Task<List<(string Id, string TraceId)>> ReceivedNodesAsync(UdpCollector collector, int expected)
    {
        static List<(string Id, string TraceId)> Nodes(IReadOnlyList<XRayDatagram> datagrams) =>
            datagrams.SelectMany(d => d.Flatten().Select(n => (n.Node.GetProperty("id").GetString()!, XRayTraceId.ToActivityTraceId(d.TraceId).ToHexString()))).ToList();

        await collector.WaitForAsync(received => Nodes(received).Count >= expected);

        // Not a timing assertion: a duplicate or an unwanted trace would have been sent with the others, before the flush returned.
        await Task.Delay(200);
        var datagrams = collector.Received;
        XRaySchema.AssertDatagrams(datagrams);
        return Nodes(datagrams);
    }

    /// <summary>
    /// Samples a random quarter of roots. (Not TraceIdRatioBased: it reads the first 8 bytes of the trace id, which in an X-Ray
    /// trace id are mostly the time, so with X-Ray ids it samples all or nothing; docs/opentelemetry.md.)
    /// </summary>
    private sealed class QuarterSampler : Sampler
    {
        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) => new(Random.Shared.NextDouble() < 0.25);
    }

    /// <summary>The OpenTelemetry processor seeing every span that ends (recorded or not, as OpenTelemetry's own processors do).</summary>
    private sealed class SeenByOpenTelemetry : BaseProcessor<Activity>
    {
        private readonly ConcurrentQueue<Activity> _spans = new();

        public IReadOnlyList<Activity> Spans => _spans.ToArray();

        public override void OnEnd(Activity data) => _spans.Enqueue(data);
    }
}
