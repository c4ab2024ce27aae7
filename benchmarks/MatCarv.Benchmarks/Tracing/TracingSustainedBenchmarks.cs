using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MatCarv.Observability.Tracing.Propagation;
using OpenTelemetry;

namespace MatCarv.Benchmarks.Tracing;

/// <summary>
/// What the caller pays for one span (start + stop) at a <b>sustained</b> rate: every exporter's background thread runs and
/// drains while the benchmark thread works, across iterations (nothing is drained between iterations, no queue is parked).
/// Peers in the same run: a bare <see cref="Activity"/> with a no-op <see cref="ActivityListener"/> sampling everything
/// (the floor, baseline), the OpenTelemetry SDK's tracer with its production batch processor and a no-op exporter, and
/// MatCarv's X-Ray exporter sending UDP to a local receiver. Every span is sampled.
/// Shapes: a root span (a new trace: sampling decision and trace id), a child (parent context given) and a root with 3 tags.
/// At the benchmark's full rate (millions of spans per second) an exporter that cannot keep up drops and counts: the global
/// cleanup prints each peer's exported/dropped totals to the log, so a caller cost is never read without what was exported.
/// Activity.TraceIdGenerator is process-wide: the X-Ray generator (epoch seconds + cryptographic randomness) is installed
/// for the MatCarv cases only (each case runs in its own process).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class TracingSustainedBenchmarks
{
    private TracingPeers _peers = null!;
    private ActivityContext _parent;
    private long _started;

    [GlobalSetup]
    public void Setup()
    {
        _parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        // Both exporters with their default queue sizes (MatCarv 8192, OpenTelemetry 2048).
        _peers = new TracingPeers("Bench.Tracing.Sustained", 8192, exporter => new BatchActivityExportProcessor(exporter));
    }

    [GlobalSetup(Targets = [nameof(MatCarv_root), nameof(MatCarv_child), nameof(MatCarv_root_3_tags)])]
    public void SetupMatCarv()
    {
        Setup();
        Activity.TraceIdGenerator = static () => XRayTraceId.NewActivityTraceId();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("root")]
    public void Bare_listener_root() => Root(_peers.Bare);

    [Benchmark]
    [BenchmarkCategory("root")]
    public void OpenTelemetry_root() => Root(_peers.OpenTelemetry);

    [Benchmark]
    [BenchmarkCategory("root")]
    public void MatCarv_root() => Root(_peers.MatCarv);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("child")]
    public void Bare_listener_child() => Child(_peers.Bare);

    [Benchmark]
    [BenchmarkCategory("child")]
    public void OpenTelemetry_child() => Child(_peers.OpenTelemetry);

    [Benchmark]
    [BenchmarkCategory("child")]
    public void MatCarv_child() => Child(_peers.MatCarv);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("root_3_tags")]
    public void Bare_listener_root_3_tags() => RootWithTags(_peers.Bare);

    [Benchmark]
    [BenchmarkCategory("root_3_tags")]
    public void OpenTelemetry_root_3_tags() => RootWithTags(_peers.OpenTelemetry);

    [Benchmark]
    [BenchmarkCategory("root_3_tags")]
    public void MatCarv_root_3_tags() => RootWithTags(_peers.MatCarv);

    [GlobalCleanup]
    public void Cleanup()
    {
        // What each exporter did with the spans it was given (BenchmarkDotNet's log keeps this line per case).
        Console.WriteLine(
            $"// sustained: {_started:N0} spans started; MatCarv dropped {_peers.MatCarvDropped:N0}, datagrams received {_peers.Sink.Received:N0}; " +
            $"OpenTelemetry exported {_peers.OpenTelemetryExporter.Exported:N0}");
        _peers.Dispose();
    }

    private void Root(ActivitySource source)
    {
        _started++;
        source.StartActivity("GetOrder")!.Stop();
    }

    private void Child(ActivitySource source)
    {
        _started++;
        source.StartActivity("GetOrder", ActivityKind.Internal, _parent)!.Stop();
    }

    private void RootWithTags(ActivitySource source)
    {
        _started++;
        var activity = source.StartActivity("GetOrder")!;
        activity.SetTag("http.request.method", "GET");
        activity.SetTag("url.path", "/orders/42");
        activity.SetTag("http.response.status_code", 200);
        activity.Stop();
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            // Async pipelines need 2-3 s to settle on 2 cores (perf-style.md §5): 12 warm-up iterations of 250 ms.
            AddJob(Job.Default
                .WithWarmupCount(12)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
                .WithIterationCount(30)
                .WithLaunchCount(2));
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        }
    }
}
