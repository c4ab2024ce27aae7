using MatCarv.Observability.Hosting;
using MatCarv.Observability.Logging;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Tracing;
using Microsoft.Extensions.Configuration;

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

    /// <summary>
    /// Adds every signal of MatCarv.Observability, configured from the <c>MatCarv</c> section of <paramref name="configuration"/>
    /// (keys as in the README's configuration table: <c>MatCarv:ServiceName</c>, <c>MatCarv:Metrics:Namespace</c>,
    /// <c>MatCarv:Tracing:SamplingRate</c>…). Precedence, highest first: <paramref name="configure"/> and the builder's
    /// <c>With…</c> actions, the section, the <c>POWERTOOLS_*</c>/<c>AWS_*</c> environment variables, the defaults; except that
    /// <c>AWS_LAMBDA_LOG_LEVEL</c> and <c>POWERTOOLS_LOGGER_SAMPLE_RATE</c> win when set, as in Powertools. Binding is
    /// reflection-free (source-generated). A value that does not convert, or a key that is no setting, fails start-up naming it.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The application's configuration (its <c>MatCarv</c> section is read).</param>
    /// <param name="configure">Shared settings set in code (they win over the section).</param>
    /// <returns>A builder for per-signal configuration.</returns>
    public static MatCarvObservabilityBuilder AddMatCarvObservability(this IServiceCollection services, IConfiguration configuration, Action<MatCarv.Observability.MatCarvObservabilityOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ObservabilityCoreRegistration.AddConfiguration(services, configuration);
        return services.AddMatCarvObservability(configure);
    }
}
