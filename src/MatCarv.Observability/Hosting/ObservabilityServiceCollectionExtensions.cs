using MatCarv.Observability.Hosting;
using MatCarv.Observability.Logging;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Tracing;
using Microsoft.Extensions.DependencyInjection;

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
        // Each signal's registration is idempotent, so this also completes a collection where AddMatCarvLogging ran first.
        var builder = ObservabilityCoreRegistration.AddCore(services, configure);
        LoggingRegistration.AddLoggingSignal(services);
        MetricsRegistration.AddMetricsSignal(services);
        TracingRegistration.AddTracingSignal(services);
        return builder;
    }
}
