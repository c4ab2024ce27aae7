using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MatCarv.Observability.Tracing;
using MatCarv.Observability.Tracing.Export;
using MatCarv.Observability.Tracing.Transport;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;

namespace MatCarv.Benchmarks.Tracing;

/// <summary>
/// The exporter's background cost per span on one core: finished activities handed straight to the export path on the
/// benchmark thread (no caller, no queue, no second thread), i.e. how many spans per second one core can export.
/// MatCarv: <see cref="TraceAssembler"/> (X-Ray JSON straight from the Activity, nesting, one datagram per trace) with the real
/// UDP sender to a local receiver (batches of up to 64 datagrams per <c>sendmmsg</c> on Linux, as the exporter's loop sends
/// them), the same with one <c>send</c> per datagram (the portable fallback: the batching's before/after in one run), and
/// the same without the socket (serialisation and assembly alone). Each invocation ends with the queued batch sent, as a
/// drain pass ends. OpenTelemetry: its
/// simple export processor's <c>OnEnd</c> with a no-op exporter (its per-span export path without a queue).
/// Fresh activities are made before each iteration (untimed): 4,000 spans in traces of <see cref="SpansPerTrace"/>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class TracingExportCostBenchmarks
{
    private const int Spans = 4000;

    private ServiceProvider _services = null!;
    private TraceAssembler _udp = null!;
    private TraceAssembler _udpUnbatched = null!;
    private TraceAssembler _noSocket = null!;
    private UdpDaemonSender _sender = null!;
    private UdpDaemonSender _unbatchedSender = null!;
    private UdpSink _sink = null!;
    private BaseProcessor<Activity> _otel = null!;
    private ActivitySource _source = null!;
    private ActivityListener _listener = null!;
    private Activity[] _finished = [];

    /// <summary>1: every span a trace of its own; 10: a root and 9 children.</summary>
    [Params(1, 10)]
    public int SpansPerTrace { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        _sink = new UdpSink();
        var services = new ServiceCollection();
        services.AddMatCarvObservability(o =>
        {
            o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "bench" };
            o.Output = Stream.Null;
        }).WithTracing(o => o.DaemonAddress = _sink.Address);
        _services = services.BuildServiceProvider();
        var settings = _services.GetRequiredService<TracingSettings>();
        _sender = new UdpDaemonSender(settings.DaemonAddress, settings.Runtime.Diagnostics);
        _udp = new TraceAssembler(settings, _sender.Send, static _ => true);
        _unbatchedSender = new UdpDaemonSender(settings.DaemonAddress, settings.Runtime.Diagnostics, multiMessage: false);
        _udpUnbatched = new TraceAssembler(settings, _unbatchedSender.Send, static _ => true);
        _noSocket = new TraceAssembler(settings, static _ => { }, static _ => true);
        _otel = new SimpleActivityExportProcessor(new NoopExporter());
        _source = new ActivitySource("Bench.Tracing.ExportCost");
        _listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, _source),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Finished activities in stop order (children before their root), as the exporter receives them.</summary>
    [IterationSetup]
    public void MakeSpans()
    {
        var finished = new List<Activity>(Spans);
        for (int t = 0; t < Spans / SpansPerTrace; t++)
        {
            var root = _source.StartActivity("GET /orders/{id}", ActivityKind.Server)!;
            root.SetTag("http.request.method", "GET");
            root.SetTag("url.path", "/orders/42");
            root.SetTag("http.response.status_code", 200);
            for (int s = 1; s < SpansPerTrace; s++)
            {
                var child = _source.StartActivity("load-order")!;
                child.SetTag("db.system", "dynamodb");
                child.Stop();
                finished.Add(child);
            }

            root.Stop();
            finished.Add(root);
        }

        _finished = finished.ToArray();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Spans)]
    public void OpenTelemetry_simple_processor_noop_exporter()
    {
        foreach (var activity in _finished)
        {
            _otel.OnEnd(activity);
        }
    }

    [Benchmark(OperationsPerInvoke = Spans)]
    public void MatCarv_xray_json_and_udp()
    {
        foreach (var activity in _finished)
        {
            _udp.Add(activity, 0);
        }

        _udp.SendQueued();
    }

    [Benchmark(OperationsPerInvoke = Spans)]
    public void MatCarv_xray_json_and_udp_one_send_per_datagram()
    {
        foreach (var activity in _finished)
        {
            _udpUnbatched.Add(activity, 0);
        }

        _udpUnbatched.SendQueued();
    }

    [Benchmark(OperationsPerInvoke = Spans)]
    public void MatCarv_xray_json_no_socket()
    {
        foreach (var activity in _finished)
        {
            _noSocket.Add(activity, 0);
        }

        _noSocket.SendQueued();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener.Dispose();
        _udp.Dispose();
        _udpUnbatched.Dispose();
        _noSocket.Dispose();
        _sender.Dispose();
        _unbatchedSender.Dispose();
        _otel.Dispose();
        _services.Dispose();
        _sink.Dispose();
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithWarmupCount(10)
                .WithIterationCount(40));
        }
    }
}
