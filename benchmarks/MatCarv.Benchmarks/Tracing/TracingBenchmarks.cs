using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using MatCarv.Observability;
using MatCarv.Observability.Tracing;
using MatCarv.Observability.Tracing.Export;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.DependencyInjection;
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

    private ActivitySource _bareSource = null!;
    private ActivityListener _bareListener = null!;
    private ActivitySource _matcarvSource = null!;
    private ServiceProvider _matcarv = null!;
    private XRayExporter _exporter = null!;
    private ActivitySource _otelSource = null!;
    private TracerProvider _otel = null!;
    private UdpSink _sink = null!;
    private ActivityContext _parent;

    [GlobalSetup]
    public void Setup()
    {
        // BenchmarkDotNet raises the benchmark thread's priority; keep it equal to the background threads' (perf-style.md §5).
        Thread.CurrentThread.Priority = ThreadPriority.Normal;
        _parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded, isRemote: true);

        _bareSource = new ActivitySource("Bench.Tracing.Bare");
        _bareListener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, _bareSource),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = static _ => { },
        };
        ActivitySource.AddActivityListener(_bareListener);

        _sink = new UdpSink();
        _matcarvSource = new ActivitySource("Bench.Tracing.MatCarv");
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
            o.QueueCapacity = SpansPerIteration * 4;
            o.TraceHttpClient = false;
            o.TraceAspNetCore = false;
            o.TraceAwsSdk = false;
        });
        _matcarv = services.BuildServiceProvider();
        _exporter = _matcarv.GetRequiredService<XRayExporter>();
        _exporter.Start();

        _otelSource = new ActivitySource("Bench.Tracing.OpenTelemetry");
        _otel = Sdk.CreateTracerProviderBuilder()
            .AddSource(_otelSource.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new BatchActivityExportProcessor(new NoopExporter(), maxQueueSize: SpansPerIteration * 4))
            .Build()!;
    }

    [IterationSetup(Targets = [nameof(Bare_listener_root), nameof(Bare_listener_child), nameof(OpenTelemetry_root), nameof(OpenTelemetry_child)])]
    public void WithoutXRayIds() => Activity.TraceIdGenerator = null;

    [IterationSetup(Targets = [nameof(MatCarv_root), nameof(MatCarv_child)])]
    public void WithXRayIds() => Activity.TraceIdGenerator = static () => XRayTraceId.NewActivityTraceId();

    [IterationCleanup]
    public void Drain()
    {
        _exporter.FlushAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _otel.ForceFlush();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("root")]
    public void Bare_listener_root() => _bareSource.StartActivity("GetOrder")!.Stop();

    [Benchmark]
    [BenchmarkCategory("root")]
    public void MatCarv_root() => _matcarvSource.StartActivity("GetOrder")!.Stop();

    [Benchmark]
    [BenchmarkCategory("root")]
    public void OpenTelemetry_root() => _otelSource.StartActivity("GetOrder")!.Stop();

    [Benchmark]
    [BenchmarkCategory("child")]
    public void Bare_listener_child() => _bareSource.StartActivity("GetOrder", ActivityKind.Internal, _parent)!.Stop();

    [Benchmark]
    [BenchmarkCategory("child")]
    public void MatCarv_child() => _matcarvSource.StartActivity("GetOrder", ActivityKind.Internal, _parent)!.Stop();

    [Benchmark]
    [BenchmarkCategory("child")]
    public void OpenTelemetry_child() => _otelSource.StartActivity("GetOrder", ActivityKind.Internal, _parent)!.Stop();

    [GlobalCleanup]
    public void Cleanup()
    {
        Activity.TraceIdGenerator = null;
        _bareListener.Dispose();
        _otel.Dispose();
        _matcarv.Dispose();
        _sink.Dispose();
    }

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
