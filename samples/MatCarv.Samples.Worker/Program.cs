using MatCarv.Samples.Worker;

// A worker service on ECS/EKS. Run with `--iterations 5` to process five batches and stop (shutdown flushes EMF).
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddMatCarvLogging();
builder.Services.AddMatCarvObservability(options => options.ServiceName ??= "orders-worker")
    .WithMetrics(metrics =>
    {
        metrics.Namespace = "MatCarvSamples";
        metrics.Meters.Add(QueueWorker.TelemetryName);
        metrics.ExportInterval = TimeSpan.FromSeconds(1);
    })
    .WithTracing(tracing => tracing.Sources.Add(QueueWorker.TelemetryName));
builder.Services.AddHostedService<QueueWorker>();

await builder.Build().RunAsync();
