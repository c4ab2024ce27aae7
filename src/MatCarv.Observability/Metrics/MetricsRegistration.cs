using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.Metrics;

/// <summary>Registers the metrics signal's services; called by <c>AddMatCarvObservability</c>.</summary>
internal static class MetricsRegistration
{
    public static void AddMetricsSignal(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
    }
}
