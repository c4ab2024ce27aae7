using Microsoft.Extensions.Hosting;

namespace MatCarv.Observability.Hosting;

/// <summary>Starts the signals with the host and flushes them, within <see cref="MatCarvObservabilityOptions.ShutdownFlushTimeout"/>, at graceful shutdown.</summary>
internal sealed class TelemetryHostedService : IHostedService
{
    private readonly TelemetryRuntime _runtime;
    private readonly TelemetryFlushCoordinator _flush;
    private readonly IEnumerable<ITelemetryStartup> _startups;

    public TelemetryHostedService(TelemetryRuntime runtime, TelemetryFlushCoordinator flush, IEnumerable<ITelemetryStartup> startups)
    {
        _runtime = runtime;
        _flush = flush;
        _startups = startups;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Listeners start with the host, not when the container happens to build this service.
        foreach (var startup in _startups)
        {
            startup.Start();
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _runtime.BeginShutdown();
        await _flush.FlushAsync(_runtime.Options.ShutdownFlushTimeout).ConfigureAwait(false);
    }
}
