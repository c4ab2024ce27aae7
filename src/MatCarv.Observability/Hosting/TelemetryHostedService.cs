using Microsoft.Extensions.Hosting;

namespace MatCarv.Observability.Hosting;

/// <summary>Starts the signals with the host and flushes them, within <see cref="MatCarvObservabilityOptions.ShutdownFlushTimeout"/>, at graceful shutdown.</summary>
internal sealed class TelemetryHostedService : IHostedService
{
    private readonly TelemetryRuntime _runtime;
    private readonly TelemetryFlushCoordinator _flush;

    public TelemetryHostedService(TelemetryRuntime runtime, TelemetryFlushCoordinator flush, IEnumerable<ITelemetryStartup> startups)
    {
        _runtime = runtime;
        _flush = flush;
        foreach (var startup in startups)
        {
            startup.Start();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) =>
        await _flush.FlushAsync(_runtime.Options.ShutdownFlushTimeout).ConfigureAwait(false);
}
