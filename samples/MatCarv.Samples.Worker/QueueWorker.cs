using System.Diagnostics;
using System.Diagnostics.Metrics;
using MatCarv.Observability.Metrics;

namespace MatCarv.Samples.Worker;

/// <summary>
/// A background service that processes batches of jobs. Metrics are aggregated in memory and flushed as EMF every
/// <c>ExportInterval</c> and at shutdown; each batch is an X-Ray segment.
/// </summary>
internal sealed class QueueWorker : BackgroundService
{
    public const string TelemetryName = "MatCarv.Samples.Worker";

    private static readonly ActivitySource Source = new(TelemetryName);
    private static readonly Meter Meter = new(TelemetryName);
    private static readonly Counter<long> JobsProcessed = Meter.CreateCounter<long>("worker.jobs.processed", unit: "{job}");
    private static readonly Histogram<double> JobDuration = Meter.CreateHistogram<double>("worker.job.duration", unit: "ms");

    private readonly ILogger<QueueWorker> _logger;
    private readonly IMetrics _metrics;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly int _iterations;

    public QueueWorker(ILogger<QueueWorker> logger, IMetrics metrics, IHostApplicationLifetime lifetime, IConfiguration configuration)
    {
        _logger = logger;
        _metrics = metrics;
        _lifetime = lifetime;
        _iterations = configuration.GetValue("iterations", int.MaxValue);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (int batch = 1; batch <= _iterations && !stoppingToken.IsCancellationRequested; batch++)
        {
            using (var activity = Source.StartActivity("ProcessBatch", ActivityKind.Consumer))
            {
                activity?.SetTag("batch", batch);
                for (int job = 0; job < 5; job++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await Task.Delay(2, stoppingToken);
                    JobDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("queue", "orders"));
                    JobsProcessed.Add(1, new KeyValuePair<string, object?>("queue", "orders"));
                }

                _metrics.AddMetric("BatchesProcessed", 1, MetricUnit.Count);
                _logger.LogInformation("Processed batch {Batch} of {JobCount} jobs", batch, 5);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken);
        }

        _logger.LogInformation("Worker finished {Iterations} batches; stopping", _iterations);
        _lifetime.StopApplication();
    }
}
