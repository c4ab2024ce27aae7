using MatCarv.Observability.Hosting;
using MatCarv.Observability.Logging;

// The extension lives in the DI namespace, next to AddMatCarvObservability.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Configures the logging signal of MatCarv observability.</summary>
public static class LoggingObservabilityBuilderExtensions
{
    /// <summary>
    /// Configures the JSON logger (Powertools schema): level, casing, sampling, buffering, redaction, size limits.
    /// Logging is on by default with <c>AddMatCarvObservability</c>; call this to change its settings.
    /// </summary>
    /// <param name="builder">The observability builder.</param>
    /// <param name="configure">Logger settings; environment variables fill what is not set.</param>
    /// <returns>The builder.</returns>
    public static MatCarvObservabilityBuilder WithLogging(this MatCarvObservabilityBuilder builder, Action<MatCarvLoggerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services is { } services)
        {
            LoggingRegistration.AddLoggingSignal(services);
        }

        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return builder;
    }
}
