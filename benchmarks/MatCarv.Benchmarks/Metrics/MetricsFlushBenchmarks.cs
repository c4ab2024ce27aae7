using BenchmarkDotNet.Attributes;
using MatCarv.Observability;
using MatCarv.Observability.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Benchmarks.Metrics;

/// <summary>
/// A flush of 100 metrics (one value each, half integers, half fractions; service + 2 dimensions + 1 metadata field),
/// as at the end of a Lambda invocation: the 100 AddMetric calls, the drain, one EMF document serialised with the reused
/// Utf8JsonWriter, copied to the stdout line buffer, and the stdout flush (to a null stream).
/// </summary>
[MemoryDiagnoser]
public class MetricsFlushBenchmarks
{
    private readonly string[] _names = [.. Enumerable.Range(0, 100).Select(i => $"Metric{i}")];
    private ServiceProvider _services = null!;
    private IMetrics _metrics = null!;
    private MatCarvTelemetry _telemetry = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddMatCarvObservability(o =>
        {
            o.Output = Stream.Null;
            o.EnvironmentVariables = new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "bench", ["POWERTOOLS_METRICS_NAMESPACE"] = "Bench", ["POWERTOOLS_TRACE_DISABLED"] = "true" };
        }).WithMetrics(o => o.DefaultDimensions["environment"] = "prod");
        _services = services.BuildServiceProvider();
        _metrics = _services.GetRequiredService<IMetrics>();
        _telemetry = _services.GetRequiredService<MatCarvTelemetry>();
        Flush_100_metrics();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public void Flush_100_metrics()
    {
        _metrics.AddDimension("operation", "put");
        _metrics.AddMetadata("requestId", "c6af9ac6-7b61-11e6-9a41-93e812345678");
        var names = _names;
        for (int i = 0; i < names.Length; i++)
        {
            _metrics.AddMetric(names[i], i * 1.5, MetricUnit.Milliseconds);
        }

        // The public flush: every signal (only metrics is on), then stdout; it completes synchronously here.
        _ = _telemetry.FlushAsync(TimeSpan.FromSeconds(10)).Result;
    }
}
