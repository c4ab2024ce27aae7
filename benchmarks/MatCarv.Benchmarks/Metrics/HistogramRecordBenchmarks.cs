using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using MatCarv.Benchmarks.Logging;
using MatCarv.Observability;
using MatCarv.Observability.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MatCarv.Benchmarks.Metrics;

/// <summary>
/// Recording one histogram value with 3 tags at a <b>sustained</b> rate (issue 11): <c>Histogram&lt;double&gt;.Record(value,
/// t1, t2, t3)</c> on OpenTelemetry's SDK (its default explicit buckets, a <c>PeriodicExportingMetricReader</c> every second,
/// a no-op exporter: the baseline) against the same call on a meter selected by MatCarv's bridge, and against
/// <c>IMetrics.AddMetric</c> with the same 3 dimensions. Both periodic flushers run every second while the benchmark thread
/// records (MatCarv writes its EMF documents to a counting null stream), across iterations: nothing is reset or drained by
/// the benchmark. The values cycle through 4,096 log-normal latencies (1 ms to seconds), so every interval fills hundreds
/// of buckets and MatCarv's series are past their 100 exact values almost all the time — the bounded path, not the
/// exact-value one. The global cleanup prints how many EMF documents and OpenTelemetry exports the flushers produced.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class HistogramRecordBenchmarks
{
    private const int Operations = 1000;

    private static readonly KeyValuePair<string, object?> Route = new("http.route", "/orders/{id}");
    private static readonly KeyValuePair<string, object?> Method = new("http.request.method", "GET");
    private static readonly KeyValuePair<string, object?> Status = new("http.response.status_code", 200);

    private readonly double[] _latencies = Latencies(4096);
    private readonly LineCountingStream _output = new();
    private int _next;
    private Meter _otelMeter = null!;
    private Meter _ourMeter = null!;
    private Histogram<double> _otelHistogram = null!;
    private Histogram<double> _ourHistogram = null!;
    private NoopMetricExporter _otelExporter = null!;
    private MeterProvider _otel = null!;
    private ServiceProvider _services = null!;
    private IMetrics _metrics = null!;

    [GlobalSetup]
    public void Setup()
    {
        // BenchmarkDotNet raises the benchmark thread's priority; keep it equal to the flushers' (perf-style.md §5).
        Thread.CurrentThread.Priority = ThreadPriority.Normal;

        _otelMeter = new Meter("Bench.Histogram.OpenTelemetry");
        _ourMeter = new Meter("Bench.Histogram.MatCarv");
        _otelHistogram = _otelMeter.CreateHistogram<double>("http.server.request.duration", "ms");
        _ourHistogram = _ourMeter.CreateHistogram<double>("http.server.request.duration", "ms");
        _otelExporter = new NoopMetricExporter();
        _otel = Sdk.CreateMeterProviderBuilder()
            .AddMeter(_otelMeter.Name)
            .AddReader(new PeriodicExportingMetricReader(_otelExporter, exportIntervalMilliseconds: 1000))
            .Build();

        var services = new ServiceCollection();
        services.AddMatCarvObservability(o =>
        {
            o.Output = _output;
            o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "bench", ["POWERTOOLS_METRICS_NAMESPACE"] = "Bench" };
        }).WithMetrics(o =>
        {
            o.Meters.Add(_ourMeter.Name);
            o.ExportInterval = TimeSpan.FromSeconds(1);
        });
        _services = services.BuildServiceProvider();
        foreach (var startup in _services.GetServices<ITelemetryStartup>())
        {
            startup.Start();
        }

        _metrics = _services.GetRequiredService<IMetrics>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// sustained: MatCarv wrote {_output.Lines:N0} EMF documents ({_output.Bytes:N0} bytes); OpenTelemetry exported {_otelExporter.Exports:N0} times");
        _otel.Dispose();
        _services.Dispose();
        _otelMeter.Dispose();
        _ourMeter.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public void OpenTelemetry_Histogram_Record_3_tags()
    {
        var latencies = _latencies;
        int next = _next;
        for (int i = 0; i < Operations; i++)
        {
            _otelHistogram.Record(latencies[next], Route, Method, Status);
            next = (next + 1) & (4096 - 1);
        }

        _next = next;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void MatCarv_Meter_Histogram_Record_3_tags()
    {
        var latencies = _latencies;
        int next = _next;
        for (int i = 0; i < Operations; i++)
        {
            _ourHistogram.Record(latencies[next], Route, Method, Status);
            next = (next + 1) & (4096 - 1);
        }

        _next = next;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void MatCarv_IMetrics_AddMetric_3_dimensions()
    {
        var latencies = _latencies;
        int next = _next;
        for (int i = 0; i < Operations; i++)
        {
            _metrics.AddMetric("http.server.request.duration", latencies[next], MetricUnit.Milliseconds, MetricResolution.Standard, [new("http.route", "/orders/{id}"), new("http.request.method", "GET"), new("http.response.status_code", "200")]);
            next = (next + 1) & (4096 - 1);
        }

        _next = next;
    }

    /// <summary>Log-normal latencies around 40 ms (σ = 1.2), fixed seed: the same sequence for every peer.</summary>
    private static double[] Latencies(int count)
    {
        var random = new Random(42);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            double normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            values[i] = Math.Exp(Math.Log(40) + (1.2 * normal));
        }

        return values;
    }

    private sealed class Config : BenchmarkDotNet.Configs.ManualConfig
    {
        public Config()
        {
            // Periodic flushers on 2 cores: 10 warm-up iterations of 250 ms (several flushes) before measuring.
            AddJob(Job.Default
                .WithWarmupCount(10)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250))
                .WithIterationCount(20)
                .WithLaunchCount(2));
        }
    }
}
