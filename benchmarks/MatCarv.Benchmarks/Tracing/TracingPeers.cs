using System.Diagnostics;
using MatCarv.Observability;
using MatCarv.Observability.Tracing.Export;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MatCarv.Benchmarks.Tracing;

/// <summary>
/// The three tracers every tracing suite compares, each on its own ActivitySource: a bare listener sampling everything
/// (AllDataAndRecorded, no export: the floor), MatCarv's X-Ray exporter sending UDP to a local receiver (its background
/// thread running), and the OpenTelemetry SDK with the given processor around a no-op exporter.
/// </summary>
internal sealed class TracingPeers : IDisposable
{
    private readonly ActivityListener _bareListener;
    private readonly ServiceProvider _matcarv;
    private readonly TracerProvider _otel;

    public TracingPeers(string prefix, int queueCapacity, Func<BaseExporter<Activity>, BaseProcessor<Activity>> otelProcessor)
    {
        // BenchmarkDotNet raises the benchmark thread's priority; keep it equal to the background threads' (perf-style.md §5).
        Thread.CurrentThread.Priority = ThreadPriority.Normal;

        Bare = new ActivitySource(prefix + ".Bare");
        _bareListener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, Bare),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = static _ => { },
        };
        ActivitySource.AddActivityListener(_bareListener);

        MatCarv = new ActivitySource(prefix + ".MatCarv");
        var services = new ServiceCollection();
        services.AddMatCarvObservability(o =>
        {
            o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "bench" };
            o.Output = Stream.Null;
        }).WithTracing(o =>
        {
            o.DaemonAddress = Sink.Address;
            o.Sources.Add(MatCarv.Name);
            o.SamplingFixedTarget = 0;
            o.SamplingRate = 1;
            o.QueueCapacity = queueCapacity;
            o.TraceHttpClient = false;
            o.TraceAspNetCore = false;
            o.TraceAwsSdk = false;
        });
        _matcarv = services.BuildServiceProvider();
        Exporter = _matcarv.GetRequiredService<XRayExporter>();
        Exporter.Start();

        OpenTelemetry = new ActivitySource(prefix + ".OpenTelemetry");
        OpenTelemetryExporter = new NoopExporter();
        _otel = Sdk.CreateTracerProviderBuilder()
            .AddSource(OpenTelemetry.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(otelProcessor(OpenTelemetryExporter))
            .Build()!;
    }

    public ActivitySource Bare { get; }

    public ActivitySource MatCarv { get; }

    public ActivitySource OpenTelemetry { get; }

    public XRayExporter Exporter { get; }

    public NoopExporter OpenTelemetryExporter { get; }

    /// <summary>The X-Ray daemon stand-in.</summary>
    public UdpSink Sink { get; } = new();

    /// <summary>MatCarv spans dropped because the queue was full.</summary>
    public long MatCarvDropped => _matcarv.GetRequiredService<TelemetryRuntime>().Diagnostics.GetDropCount("tracing", "queue_full");

    /// <summary>Waits until MatCarv's queued spans left the socket.</summary>
    public void FlushMatCarv() => Exporter.FlushAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public void FlushOpenTelemetry() => _otel.ForceFlush();

    public void Dispose()
    {
        Activity.TraceIdGenerator = null;
        _bareListener.Dispose();
        _otel.Dispose();
        _matcarv.Dispose();
        Sink.Dispose();
    }
}
