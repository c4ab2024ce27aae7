using MatCarv.Observability.Extensibility;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MatCarv.Observability.Hosting;

/// <summary>
/// Registers what every signal shares (options, runtime, flush coordinator, hosted service) and no signal. Idempotent.
/// <c>AddMatCarvObservability</c> adds every signal on top; <c>AddMatCarvLogging</c> adds only logging, so that logging alone
/// never starts tracing or metrics (no listener, no propagator or trace-id generator change, no datagram).
/// </summary>
internal static class ObservabilityCoreRegistration
{
    public static MatCarvObservabilityBuilder AddCore(IServiceCollection services, Action<MatCarvObservabilityOptions>? configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = new MatCarvObservabilityBuilder(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(TelemetryRuntime)))
        {
            return builder;
        }

        var options = services.AddOptions<MatCarvObservabilityOptions>();
        foreach (var (rule, message) in CoreOptionsValidation.Rules)
        {
            options.Validate(rule, message);
        }

        options.ValidateOnStart();
        services.AddLogging();
        services.TryAddSingleton<TelemetryRuntime>();
        services.TryAddSingleton<TelemetryFlushCoordinator>();
        services.TryAddSingleton(static sp => new TelemetrySignalContext(sp.GetRequiredService<TelemetryRuntime>(), new ContainerOptionsSource(sp), sp));
        services.TryAddSingleton(static sp => new MatCarvTelemetry(
            sp.GetRequiredService<TelemetryRuntime>(),
            sp.GetRequiredService<TelemetryFlushCoordinator>(),
            sp.GetServices<ITelemetryStartup>(),
            sp.GetServices<IInvocationListener>(),
            sp.GetServices<TelemetrySignal>(),
            sp.GetService<LoggingPipeline>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TelemetryHostedService>());
        return builder;
    }
}
