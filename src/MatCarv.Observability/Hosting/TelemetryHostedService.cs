using Microsoft.Extensions.Hosting;

namespace MatCarv.Observability.Hosting;

/// <summary>Starts the signals with the host and flushes them, within <see cref="MatCarvObservabilityOptions.ShutdownFlushTimeout"/>, at graceful shutdown.</summary>
internal sealed class TelemetryHostedService : IHostedService
{
    private readonly MatCarvTelemetry _telemetry;

    public TelemetryHostedService(MatCarvTelemetry telemetry) => _telemetry = telemetry;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Listeners start with the host, not when the container happens to build this service.
        _telemetry.Start();
        return Task.CompletedTask;
    }

    // BeginShutdown first: signals then know this flush is the last one (health events wait for it in full). The host's
    // token fires when its own shutdown timeout passes: the flush stops then even if ours is longer.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _telemetry.Runtime.BeginShutdown();
        await _telemetry.FlushAsync(_telemetry.Runtime.Options.ShutdownFlushTimeout, cancellationToken).ConfigureAwait(false);
    }
}
