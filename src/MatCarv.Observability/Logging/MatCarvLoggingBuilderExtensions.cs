using MatCarv.Observability;
using MatCarv.Observability.Hosting;
using MatCarv.Observability.Logging;
using Microsoft.Extensions.DependencyInjection;

// The extension lives in the logging namespace, where builder.Logging.Add… methods are found.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.Logging;
#pragma warning restore IDE0130

/// <summary>Adds the MatCarv JSON logger to an <see cref="ILoggingBuilder"/> (ASP.NET Core: <c>builder.Logging</c>).</summary>
public static class MatCarvLoggingBuilderExtensions
{
    /// <summary>
    /// Writes every log entry as one Powertools-schema JSON line to stdout (batched), and registers the shared MatCarv core
    /// (service identity, output, flushing) if it is not registered yet. Only logging: no tracing and no metrics start, and no
    /// process-wide state changes (propagator, trace-id generator, listeners) unless <c>AddMatCarvObservability</c> adds them.
    /// </summary>
    /// <param name="builder">The logging builder.</param>
    /// <param name="configure">Logger settings; environment variables fill what is not set.</param>
    /// <param name="clearExistingProviders">Removes the other providers first (the console provider would duplicate every line on stdout).</param>
    /// <returns>The builder.</returns>
    public static ILoggingBuilder AddMatCarvLogging(this ILoggingBuilder builder, Action<MatCarvLoggerOptions>? configure = null, bool clearExistingProviders = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (clearExistingProviders)
        {
            builder.ClearProviders();
        }

        ObservabilityCoreRegistration.AddCore(builder.Services, configure: null);
        LoggingRegistration.AddLoggingSignal(builder.Services);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        return builder;
    }
}
