using MatCarv.Observability.Extensibility;
using MatCarv.Observability.Hosting.Configuration;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// Binds the <c>MatCarv</c> section of <paramref name="configuration"/>: the shared settings at its root and the built-in
    /// signals' subsections. Once per collection (a second configuration is ignored: one section describes one service).
    /// </summary>
    public static void AddConfiguration(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (FindConfiguration(services) is not null)
        {
            return;
        }

        var source = new MatCarvConfigurationSource(configuration.GetSection(MatCarvObservabilityBuilder.ConfigurationSectionName));
        services.AddSingleton(source);
        BindFirst<MatCarvObservabilityOptions>(services, source.Section, (section, options) => CoreConfiguration.Bind(section, options, source));
        BindSection<MatCarv.Observability.Logging.MatCarvLoggerOptions>(services, source, SignalConfiguration.Logging, SignalConfiguration.BindLogging);
        BindSection<MatCarv.Observability.Metrics.MatCarvMetricsOptions>(services, source, SignalConfiguration.Metrics, SignalConfiguration.BindMetrics);
        BindSection<MatCarv.Observability.Tracing.MatCarvTracingOptions>(services, source, SignalConfiguration.Tracing, SignalConfiguration.BindTracing);
    }

    public static MatCarvConfigurationSource? FindConfiguration(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(MatCarvConfigurationSource))
            {
                return (MatCarvConfigurationSource?)descriptor.ImplementationInstance;
            }
        }

        return null;
    }

    /// <summary>Binds subsection <paramref name="key"/> into <typeparamref name="TOptions"/> unless a signal already binds it.</summary>
    public static void BindSection<TOptions>(IServiceCollection services, MatCarvConfigurationSource source, string key, Action<IConfiguration, TOptions> bind)
        where TOptions : class
    {
        if (source.Claim(key))
        {
            BindFirst(services, source.Section.GetSection(key), bind);
        }
    }

    // First in the collection: the options factory runs IConfigureOptions in registration order, so every Configure action
    // (AddMatCarvObservability's, With…'s, the application's own services.Configure) runs after the binding and wins.
    private static void BindFirst<TOptions>(IServiceCollection services, IConfigurationSection section, Action<IConfiguration, TOptions> bind)
        where TOptions : class
        => services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<TOptions>>(new SectionBinding<TOptions>(section, bind)));
}
