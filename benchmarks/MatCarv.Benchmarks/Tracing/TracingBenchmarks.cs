using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MatCarv.Observability.Tracing.Propagation;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MatCarv.Benchmarks.Tracing;

/// <summary>
/// What the caller pays for one span (start + stop) when it is exported, against the two floors a .NET service can have:
/// a bare <see cref="Activity"/> with a no-op <see cref="ActivityListener"/> sampling everything (AllDataAndRecorded), and the
/// OpenTelemetry SDK's tracer with the production processor (batch) and a no-op exporter. Every span is sampled.
/// Root spans (each a new trace: sampling decision and trace id generation) and child spans (parent context given, the
/// decision follows the parent) are measured separately.
/// Each iteration runs a fixed number of spans (fewer than every queue's capacity, so no drop path is measured); the queued
/// spans are drained between iterations, untimed. The background work (X-Ray JSON and a UDP datagram per span) is measured by
/// <see cref="TracingEndToEndBenchmarks"/>.
/// Activity.TraceIdGenerator is process-wide: the X-Ray generator (epoch seconds + cryptographic randomness) is set before the
/// MatCarv iterations and removed before the others, so its cost is charged to MatCarv only.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class TracingBenchmarks
{
    private const int SpansPerIteration = 32_768;

    private TracingPeers _peers = null!;
    private ActivityContext _parent;

    [GlobalSetup]
    public void Setup()
    {
        _parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);
        _peers = new TracingPeers(
            "Bench.Tracing",
            SpansPerIteration * 4,
            exporter => new BatchActivityExportProcessor(exporter, maxQueueSize: SpansPerIteration * 4));
    }

    [IterationSetup(Targets = [nameof(Bare_listener_root), nameof(Bare_listener_child), nameof(OpenTelemetry_root), nameof(OpenTelemetry_child)])]
    public void WithoutXRayIds() => Activity.TraceIdGenerator = null;

    [IterationSetup(Targets = [nameof(MatCarv_root), nameof(MatCarv_child)])]
    public void WithXRayIds() => Activity.TraceIdGenerator = static () => XRayTraceId.NewActivityTraceId();

    [IterationCleanup]
    public void Drain()
    {
        _peers.FlushMatCarv();
        _peers.FlushOpenTelemetry();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("root")]
    public void Bare_listener_root() => _peers.Bare.StartActivity("GetOrder")!.Stop();

    [Benchmark]
    [BenchmarkCategory("root")]
    public void MatCarv_root() => _peers.MatCarv.StartActivity("GetOrder")!.Stop();

    [Benchmark]
    [BenchmarkCategory("root")]
    public void OpenTelemetry_root() => _peers.OpenTelemetry.StartActivity("GetOrder")!.Stop();

    [Benchmark]
    [BenchmarkCategory("child")]
    public void Bare_listener_child() => _peers.Bare.StartActivity("GetOrder", ActivityKind.Internal, _parent)!.Stop();

    [Benchmark]
    [BenchmarkCategory("child")]
    public void MatCarv_child() => _peers.MatCarv.StartActivity("GetOrder", ActivityKind.Internal, _parent)!.Stop();

    [Benchmark]
    [BenchmarkCategory("child")]
    public void OpenTelemetry_child() => _peers.OpenTelemetry.StartActivity("GetOrder", ActivityKind.Internal, _parent)!.Stop();

    [GlobalCleanup]
    public void Cleanup() => _peers.Dispose();

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddJob(Job.Default
                .WithInvocationCount(SpansPerIteration)
                .WithUnrollFactor(1)
                .WithWarmupCount(6)
                .WithIterationCount(60)
                .WithLaunchCount(2));
            WithOptions(ConfigOptions.DisableOptimizationsValidator);
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        }
    }
}

/// <summary>OpenTelemetry exporter that does nothing (the "no-op exporter" peer).</summary>
internal sealed class NoopExporter : BaseExporter<Activity>
{
    public override ExportResult Export(in Batch<Activity> batch) => ExportResult.Success;
}

/// <summary>A UDP socket on 127.0.0.1 that reads and discards datagrams: the X-Ray daemon stand-in.</summary>
internal sealed class UdpSink : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _thread;

    public UdpSink()
    {
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Address = "127.0.0.1:" + ((IPEndPoint)_socket.LocalEndPoint!).Port;
        _thread = new Thread(() =>
        {
            var buffer = new byte[70_000];
            try
            {
                while (true)
                {
                    _socket.Receive(buffer);
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        }) { IsBackground = true };
        _thread.Start();
    }

    public string Address { get; }

    public void Dispose() => _socket.Dispose();
}
