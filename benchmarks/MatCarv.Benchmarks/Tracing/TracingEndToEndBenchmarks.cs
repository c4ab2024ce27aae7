using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using MatCarv.Observability.Tracing.Export;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MatCarv.Benchmarks.Tracing;

/// <summary>
/// End to end, per span: 100 traces of 10 spans (a root and 9 children) started and stopped, then the pipeline flushed until
/// the last datagram left the socket. MatCarv's figure includes the background work: X-Ray JSON for every span, one segment
/// document per trace, a UDP datagram to a local receiver. Peers: the bare listener (no export at all, the floor) and the
/// OpenTelemetry SDK with its simple (synchronous) processor and a no-op exporter, i.e. its whole pipeline without I/O.
/// (The batch processor's <c>ForceFlush</c> waits for its exporter thread's schedule, which would measure that wait, not work.)
/// </summary>
[MemoryDiagnoser]
public class TracingEndToEndBenchmarks
{
    private const int Traces = 100;
    private const int SpansPerTrace = 10;

    private ActivitySource _matcarvSource = null!;
    private ServiceProvider _matcarv = null!;
    private XRayExporter _exporter = null!;
    private ActivitySource _bareSource = null!;
    private ActivityListener _bareListener = null!;
    private ActivitySource _otelSource = null!;
    private TracerProvider _otel = null!;
    private UdpSink _sink = null!;

    [GlobalSetup]
    public void Setup()
    {
        Thread.CurrentThread.Priority = ThreadPriority.Normal;
        _bareSource = new ActivitySource("Bench.Tracing.EndToEnd.Bare");
        _bareListener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, _bareSource),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = static _ => { },
        };
        ActivitySource.AddActivityListener(_bareListener);
        _sink = new UdpSink();
        _matcarvSource = new ActivitySource("Bench.Tracing.EndToEnd.MatCarv");
        var services = new ServiceCollection();
        services.AddMatCarvObservability(o =>
        {
            o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "bench" };
            o.Output = Stream.Null;
        }).WithTracing(o =>
        {
            o.DaemonAddress = _sink.Address;
            o.Sources.Add(_matcarvSource.Name);
            o.SamplingFixedTarget = 0;
            o.SamplingRate = 1;
            o.TraceHttpClient = false;
            o.TraceAspNetCore = false;
            o.TraceAwsSdk = false;
        });
        _matcarv = services.BuildServiceProvider();
        _exporter = _matcarv.GetRequiredService<XRayExporter>();
        _exporter.Start();

        _otelSource = new ActivitySource("Bench.Tracing.EndToEnd.OpenTelemetry");
        _otel = Sdk.CreateTracerProviderBuilder()
            .AddSource(_otelSource.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new SimpleActivityExportProcessor(new NoopExporter()))
            .Build()!;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Traces * SpansPerTrace)]
    public void Bare_listener_no_export() => Run(_bareSource);

    [Benchmark(OperationsPerInvoke = Traces * SpansPerTrace)]
    public void OpenTelemetry_simple_noop_exporter()
    {
        Run(_otelSource);
        _otel.ForceFlush();
    }

    [Benchmark(OperationsPerInvoke = Traces * SpansPerTrace)]
    public void MatCarv_xray_udp()
    {
        Run(_matcarvSource);
        _exporter.FlushAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    private static void Run(ActivitySource source)
    {
        for (int t = 0; t < Traces; t++)
        {
            using var root = source.StartActivity("GET /orders/{id}", ActivityKind.Server)!;
            root.SetTag("http.request.method", "GET");
            root.SetTag("url.path", "/orders/42");
            root.SetTag("http.response.status_code", 200);
            for (int s = 1; s < SpansPerTrace; s++)
            {
                using var child = source.StartActivity("load-order")!;
                child.SetTag("db.system", "dynamodb");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Activity.TraceIdGenerator = null;
        _bareListener.Dispose();
        _otel.Dispose();
        _matcarv.Dispose();
        _sink.Dispose();
    }
}
