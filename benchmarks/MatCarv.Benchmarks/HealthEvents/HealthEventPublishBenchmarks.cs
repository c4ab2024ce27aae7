using System.Diagnostics;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using MatCarv.HealthEvents;
using MatCarv.HealthEvents.Publishing;
using MatCarv.Observability;
using MatCarv.Observability.Extensibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace MatCarv.Benchmarks.HealthEvents;

/// <summary>
/// What a caller pays to publish a health event: <see cref="IHealthEventPublisher.TryPublish"/> stamps the event (id,
/// sequence, time, previous status, trace context) and writes it into the bounded channel. Each invocation publishes
/// <see cref="Events"/> events and then drains the queue on the same thread (the drain is a channel TryRead per event and is
/// included), so the queue never fills and no drop path is measured.
/// Floor: the same new-object-then-bounded-channel round trip without any stamping. Peer: logging the same transition with
/// ZLogger (JSON, async stream sink, its recommended production setup), the zero-allocation logger.
/// The background cost per event (serializing the detail once) is measured separately: it is off the caller's thread.
/// </summary>
[MemoryDiagnoser]
public class HealthEventPublishBenchmarks
{
    private const int Events = 1000;
    private const string Reason = "database unreachable";

    private ServiceProvider _telemetry = null!;
    private TelemetrySignalContext _context = null!;
    private MatCarvTelemetry _flush = null!;
    private HealthEventPublisher _publisher = null!;
    private HealthEventSerializer _serializer = null!;
    private HealthEvent _stamped = null!;
    private Channel<Payload> _channel = null!;
    private ILoggerFactory _loggerFactory = null!;
    private ILogger _logger = null!;
    private ActivitySource _source = null!;
    private ActivityListener _listener = null!;
    private Activity _activity = null!;
    private MatCarv.HealthEvents.Transport.StdoutSink _stdoutSink = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The shared context a signal package gets, through public API (the core that AddMatCarvLogging registers).
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddMatCarvLogging());
        services.Configure<MatCarvObservabilityOptions>(o =>
        {
            o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "orders", ["MATCARV_ENVIRONMENT"] = "bench" };
            o.Output = Stream.Null;
        });
        _telemetry = services.BuildServiceProvider();
        var context = _context = _telemetry.GetRequiredService<TelemetrySignalContext>();
        _flush = _telemetry.GetRequiredService<MatCarvTelemetry>();
        var settings = new HealthEventsSettings(new HealthEventsOptions { QueueCapacity = Events * 2 }, context);
        _publisher = new HealthEventPublisher(settings);
        _serializer = new HealthEventSerializer(settings);
        _publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, Reason)
        {
            Checks = [new HealthEventCheck("db", HealthStatus.Unhealthy, TimeSpan.FromMilliseconds(12)) { Description = "connection refused" }],
        });
        _publisher.Reader.TryRead(out _stamped!);

        _stdoutSink = new MatCarv.HealthEvents.Transport.StdoutSink(context, settings.Source, "eu-west-1");

        _channel = Channel.CreateBounded<Payload>(new BoundedChannelOptions(Events * 2) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        _loggerFactory = LoggerFactory.Create(b => b.AddZLoggerStream(Stream.Null, o => o.UseJsonFormatter()));
        _logger = _loggerFactory.CreateLogger("health");

        _source = new ActivitySource("bench.health");
        _listener = new ActivityListener { ShouldListenTo = _ => true, Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded };
        ActivitySource.AddActivityListener(_listener);
        _activity = _source.StartActivity("request")!;
        Activity.Current = null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _activity.Dispose();
        _listener.Dispose();
        _source.Dispose();
        _loggerFactory.Dispose();
        _serializer.Dispose();
        _publisher.Dispose();
        _telemetry.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events)]
    public void Floor_new_object_through_bounded_channel()
    {
        var writer = _channel.Writer;
        for (int i = 0; i < Events; i++)
        {
            writer.TryWrite(new Payload(HealthStatus.Unhealthy, Reason));
        }

        while (_channel.Reader.TryRead(out _))
        {
        }
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void MatCarv_TryPublish()
    {
        for (int i = 0; i < Events; i++)
        {
            _publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, Reason));
        }

        Drain();
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void MatCarv_TryPublish_inside_an_Activity()
    {
        Activity.Current = _activity;
        for (int i = 0; i < Events; i++)
        {
            _publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, Reason));
        }

        Activity.Current = null;
        Drain();
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public void ZLogger_json_LogWarning_of_the_transition()
    {
        for (int i = 0; i < Events; i++)
        {
            _logger.ZLogWarning($"Health changed to {HealthStatus.Unhealthy}: {Reason}");
        }
    }

    /// <summary>
    /// End to end on the stdout transport: publish, then (as the background sender does) serialize each event and write its
    /// JSON line to the shared stdout pipeline, flushed (public flush) to a null stream. Per event.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public void MatCarv_publish_serialize_and_write_stdout_line()
    {
        for (int i = 0; i < Events; i++)
        {
            _publisher.TryPublish(new HealthEvent(HealthStatus.Unhealthy, Reason));
        }

        var reader = _publisher.Reader;
        while (reader.TryRead(out var healthEvent))
        {
            _context.WriteLine(_stdoutSink.Write(_serializer.Prepare(healthEvent)));
        }

        _flush.FlushAsync(TimeSpan.FromSeconds(10)).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Background side, per event: the detail JSON, the dedup key (SHA-256) and the size; not on the caller's thread.</summary>
    [Benchmark]
    public object Background_serialize_one_event() => _serializer.Prepare(_stamped);

    private void Drain()
    {
        var reader = _publisher.Reader;
        while (reader.TryRead(out _))
        {
        }
    }

    private sealed record Payload(HealthStatus Status, string Reason);
}
