using MatCarv.Observability.Metrics.Aggregation;
using MatCarv.Observability.Metrics.Api;
using MatCarv.Observability.Metrics.Bridge;
using MatCarv.Observability.Metrics.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Metrics;

/// <summary>Registers the metrics signal's services; called by <c>AddMatCarvObservability</c>.</summary>
internal static class MetricsRegistration
{
    public static void AddMetricsSignal(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<MatCarvMetricsOptions>();
        services.TryAddSingleton(static sp => MetricsSettings.Resolve(sp.GetRequiredService<IOptions<MatCarvMetricsOptions>>().Value, sp.GetRequiredService<TelemetryRuntime>()));
        services.TryAddSingleton<MetricRegistry>();
        services.TryAddSingleton<MeterBridge>();
        services.TryAddSingleton<IEmfSink>(static sp => CreateSink(sp.GetRequiredService<MetricsSettings>(), sp.GetRequiredService<TelemetryRuntime>()));
        services.TryAddSingleton<MetricsFlushEngine>();
        services.TryAddSingleton<IMetrics, EmfMetrics>();
        services.TryAddSingleton<MetricsPeriodicFlush>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITelemetryStartup, MeterBridge>(static sp => sp.GetRequiredService<MeterBridge>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITelemetryStartup, MetricsPeriodicFlush>(static sp => sp.GetRequiredService<MetricsPeriodicFlush>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITelemetryFlusher, MetricsFlusher>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvocationListener, ColdStartMetricListener>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupValidation, MetricsStartupValidation>());
    }

    /// <summary>The EMF sink the settings ask for (shared with the container-less <c>MatCarvLambda</c> and <see cref="EmfMetricExporter"/>).</summary>
    internal static IEmfSink CreateSink(MetricsSettings settings, TelemetryRuntime runtime) =>
        settings.UseAgent && settings.Agent is { } endpoint
            ? new AgentEmfSink(endpoint, settings.AgentQueueCapacity, runtime.Options.ShutdownFlushTimeout, runtime.Diagnostics)
            : new StdoutEmfSink(runtime);
}
