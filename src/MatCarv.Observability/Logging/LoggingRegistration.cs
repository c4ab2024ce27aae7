using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MatCarv.Observability.Logging;

/// <summary>Registers the logging signal's services; called by <c>AddMatCarvObservability</c> and <c>AddMatCarvLogging</c>.</summary>
internal static class LoggingRegistration
{
    public static void AddLoggingSignal(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.AddOptions<MatCarvLoggerOptions>();
        services.TryAddSingleton<LoggingPipeline>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, MatCarvLoggerProvider>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInvocationListener, LoggingInvocationListener>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITelemetryStartup, LoggingStartup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupValidation, LoggingStartupValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<LoggerFilterOptions>, LoggerFilterConfiguration>());
    }
}
