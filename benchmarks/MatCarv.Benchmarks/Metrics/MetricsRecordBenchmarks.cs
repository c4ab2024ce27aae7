using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using MatCarv.Observability;
using MatCarv.Observability.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace MatCarv.Benchmarks.Metrics;

/// <summary>
/// Recording one value with 3 dimensions (tags), 100 per invocation: OpenTelemetry's <c>Counter.Add</c> (SDK
/// MeterProvider, periodic reader, no-op exporter) against the same <c>Counter.Add</c> through our Meter bridge and
/// against <see cref="IMetrics.AddMetric(string, double, MetricUnit, MetricResolution, ReadOnlySpan{KeyValuePair{string, string}})"/>.
/// Our API keeps the first 100 values of an interval exactly and aggregates the rest into a bounded distribution, so memory
/// stays flat over millions of calls without a flush (histograms: <see cref="HistogramRecordBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
public class MetricsRecordBenchmarks
{
    private const int Operations = 100;

    private static readonly KeyValuePair<string, object?> Route = new("route", "/orders");
    private static readonly KeyValuePair<string, object?> Method = new("method", "GET");
    private static readonly KeyValuePair<string, object?> Status = new("status", "200");

    private Meter _otelMeter = null!;
    private Meter _ourMeter = null!;
    private Counter<long> _otelCounter = null!;
    private Counter<long> _ourCounter = null!;
    private MeterProvider _otel = null!;
    private ServiceProvider _services = null!;
    private IMetrics _metrics = null!;

    [GlobalSetup]
    public void Setup()
    {
        _otelMeter = new Meter("Bench.OpenTelemetry");
        _ourMeter = new Meter("Bench.MatCarv");
        _otelCounter = _otelMeter.CreateCounter<long>("requests");
        _ourCounter = _ourMeter.CreateCounter<long>("requests");
        _otel = Sdk.CreateMeterProviderBuilder()
            .AddMeter(_otelMeter.Name)
            .AddReader(new PeriodicExportingMetricReader(new NoopMetricExporter(), exportIntervalMilliseconds: 60_000))
            .Build();

        var services = new ServiceCollection();
        services.AddMatCarvObservability(o =>
        {
            o.Output = Stream.Null;
            o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "bench", ["POWERTOOLS_METRICS_NAMESPACE"] = "Bench" };
        }).WithMetrics(o => o.Meters.Add(_ourMeter.Name));
        _services = services.BuildServiceProvider();
        foreach (var startup in _services.GetServices<ITelemetryStartup>())
        {
            startup.Start();
        }

        _metrics = _services.GetRequiredService<IMetrics>();
        _ourCounter.Add(1, Route, Method, Status);
        _metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new("route", "/orders"), new("method", "GET"), new("status", "200")]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _otel.Dispose();
        _services.Dispose();
        _otelMeter.Dispose();
        _ourMeter.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public void OpenTelemetry_Counter_Add_3_tags()
    {
        for (int i = 0; i < Operations; i++)
        {
            _otelCounter.Add(1, Route, Method, Status);
        }
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void MatCarv_Meter_Counter_Add_3_tags()
    {
        for (int i = 0; i < Operations; i++)
        {
            _ourCounter.Add(1, Route, Method, Status);
        }
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public void MatCarv_IMetrics_AddMetric_3_dimensions()
    {
        for (int i = 0; i < Operations; i++)
        {
            _metrics.AddMetric("Orders", 1, MetricUnit.Count, MetricResolution.Standard, [new("route", "/orders"), new("method", "GET"), new("status", "200")]);
        }
    }
}
