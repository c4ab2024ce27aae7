using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.Tracing;

/// <summary>Registers the tracing signal's services; called by <c>AddMatCarvObservability</c>.</summary>
internal static class TracingRegistration
{
    public static void AddTracingSignal(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
    }
}
