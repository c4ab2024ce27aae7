using System.Diagnostics;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using MatCarv.Observability.Tracing.Propagation;
using OpenTelemetry;

namespace MatCarv.Benchmarks.Tracing;

/// <summary>
/// End to end, per span: 1,000 spans (traces of <see cref="SpansPerTrace"/> spans: a root with 3 tags and children with 1 tag)
/// started and stopped, then each pipeline flushed until its exporter has handled the last span. The caller and the exporter
/// thread work at the same time (2 cores), so the figure is the pipeline's throughput: the slower of the two sides.
/// MatCarv's includes all its background work (X-Ray JSON for every span, nesting, one UDP datagram per trace to a local
/// receiver). Peers: the bare listener (no export at all), OpenTelemetry with its batch processor and a no-op exporter (no
/// serialisation, no I/O: the "OpenTelemetry + a no-op exporter"), and the physical floor of MatCarv's own output:
/// the same number of UDP datagrams of the same size sent from a prepared buffer.
/// </summary>
[MemoryDiagnoser]
public class TracingEndToEndBenchmarks
{
    private const int Spans = 1000;

    private TracingPeers _peers = null!;
    private Socket _socket = null!;
    private byte[] _datagram = [];

    /// <summary>1: every span is a trace of its own (one datagram each); 10: a root and 9 children (one datagram per trace).</summary>
    [Params(1, 10)]
    public int SpansPerTrace { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        _peers = new TracingPeers("Bench.Tracing.EndToEnd", 8192, exporter => new BatchActivityExportProcessor(exporter));
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Connect(_peers.Sink.EndPoint);

        // MatCarv's documents here measure ~420 bytes for the root with its tags and ~190 bytes per child (header line included).
        _datagram = new byte[420 + ((SpansPerTrace - 1) * 190)];
        _datagram.AsSpan().Fill((byte)' ');
    }

    [GlobalSetup(Target = nameof(MatCarv_xray_udp))]
    public void SetupMatCarv()
    {
        Setup();
        Activity.TraceIdGenerator = static () => XRayTraceId.NewActivityTraceId();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Spans)]
    public void Bare_listener_no_export() => Run(_peers.Bare);

    [Benchmark(OperationsPerInvoke = Spans)]
    public void OpenTelemetry_batch_noop_exporter()
    {
        Run(_peers.OpenTelemetry);
        _peers.FlushOpenTelemetry();
    }

    [Benchmark(OperationsPerInvoke = Spans)]
    public void MatCarv_xray_udp()
    {
        Run(_peers.MatCarv);
        _peers.FlushMatCarv();
    }

    [Benchmark(OperationsPerInvoke = Spans)]
    public void Udp_datagrams_floor()
    {
        for (int t = 0; t < Spans / SpansPerTrace; t++)
        {
            _socket.Send(_datagram);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// end to end: MatCarv dropped {_peers.MatCarvDropped:N0}, datagrams received {_peers.Sink.Received:N0}");
        _socket.Dispose();
        _peers.Dispose();
    }

    private void Run(ActivitySource source)
    {
        for (int t = 0; t < Spans / SpansPerTrace; t++)
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
}
