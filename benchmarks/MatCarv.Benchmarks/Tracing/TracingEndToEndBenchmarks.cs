using System.Diagnostics;
using BenchmarkDotNet.Attributes;
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

    private TracingPeers _peers = null!;

    [GlobalSetup]
    public void Setup() =>
        _peers = new TracingPeers("Bench.Tracing.EndToEnd", 8192, exporter => new SimpleActivityExportProcessor(exporter));

    [Benchmark(Baseline = true, OperationsPerInvoke = Traces * SpansPerTrace)]
    public void Bare_listener_no_export() => Run(_peers.Bare);

    [Benchmark(OperationsPerInvoke = Traces * SpansPerTrace)]
    public void OpenTelemetry_simple_noop_exporter()
    {
        Run(_peers.OpenTelemetry);
        _peers.FlushOpenTelemetry();
    }

    [Benchmark(OperationsPerInvoke = Traces * SpansPerTrace)]
    public void MatCarv_xray_udp()
    {
        Run(_peers.MatCarv);
        _peers.FlushMatCarv();
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
    public void Cleanup() => _peers.Dispose();
}
