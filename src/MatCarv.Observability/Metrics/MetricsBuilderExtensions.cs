using MatCarv.Observability.Hosting;
using MatCarv.Observability.Metrics;

// The extension lives in the DI namespace, where users look for it (as AddOpenTelemetry and AddHealthChecks do).
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Configures the EMF metrics signal.</summary>
public static class MetricsBuilderExtensions
{
    /// <summary>
    /// Configures CloudWatch EMF metrics: <see cref="IMetrics"/> for Powertools-style metrics, and the meters whose
    /// instruments are written as EMF (<see cref="MatCarvMetricsOptions.Meters"/>).
    /// </summary>
    /// <param name="builder">The observability builder.</param>
    /// <param name="configure">The metrics settings; null keeps the defaults and the environment.</param>
    /// <returns>The builder.</returns>
    public static MatCarvObservabilityBuilder WithMetrics(this MatCarvObservabilityBuilder builder, Action<MatCarvMetricsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return builder;
    }
}
