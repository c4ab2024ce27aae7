using MatCarv.Observability.Hosting;
using MatCarv.Observability.Logging;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

// The extension lives in the DI namespace, where users look for it (as AddOpenTelemetry and AddHealthChecks do).
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers MatCarv observability in a service collection.</summary>
public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Adds every signal of MatCarv.Observability with defaults from the environment: JSON logs through <c>ILogger</c>,
    /// EMF metrics, and X-Ray tracing of <c>Activity</c>. Configure each with the returned builder's <c>With…</c> methods.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Shared settings (service identity, output, flush intervals).</param>
    /// <returns>A builder for per-signal configuration.</returns>
    public static MatCarvObservabilityBuilder AddMatCarvObservability(this IServiceCollection services, Action<MatCarv.Observability.MatCarvObservabilityOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new MatCarvObservabilityBuilder(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(MatCarv.Observability.TelemetryRuntime)))
        {
            return builder;
        }

        services.AddOptions<MatCarv.Observability.MatCarvObservabilityOptions>()
            .Validate(o => o.FlushInterval > TimeSpan.Zero, "MatCarvObservabilityOptions.FlushInterval must be positive.")
            .Validate(o => o.MaxBufferedOutputBytes >= 64 * 1024, "MatCarvObservabilityOptions.MaxBufferedOutputBytes must be at least 65536.")
            .Validate(o => o.ShutdownFlushTimeout > TimeSpan.Zero, "MatCarvObservabilityOptions.ShutdownFlushTimeout must be positive.")
            .ValidateOnStart();
        services.AddLogging();
        services.TryAddSingleton<MatCarv.Observability.TelemetryRuntime>();
        services.TryAddSingleton<MatCarv.Observability.TelemetryFlushCoordinator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TelemetryHostedService>());

        LoggingRegistration.AddLoggingSignal(services);
        MetricsRegistration.AddMetricsSignal(services);
        TracingRegistration.AddTracingSignal(services);
        return builder;
    }
}
