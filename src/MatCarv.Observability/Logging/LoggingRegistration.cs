using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.Logging;

/// <summary>Registers the logging signal's services; called by <c>AddMatCarvObservability</c>.</summary>
internal static class LoggingRegistration
{
    public static void AddLoggingSignal(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
    }
}
