using MatCarv.HealthEvents;
using MatCarv.HealthEvents.HealthChecks;
using MatCarv.HealthEvents.Hosting;
using MatCarv.HealthEvents.Transport;
using MatCarv.Observability.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

// The extension lives in the DI namespace, next to AddMatCarvObservability, where users look for it.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Adds health events (Amazon EventBridge) to MatCarv observability.</summary>
public static class HealthEventsBuilderExtensions
{
    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> used for PutEvents (configurable with <c>IHttpClientFactory</c>).</summary>
    public const string HttpClientName = "MatCarv.HealthEvents";

    /// <summary>
    /// Registers <see cref="IHealthEventPublisher"/>, its background sender (started with the telemetry, flushed at the end of
    /// every Lambda invocation and at graceful shutdown) and, in a host, an <see cref="IHealthCheckPublisher"/> that turns
    /// ASP.NET Core health-check reports into status-change events. Works with <c>MatCarvLambda.Create</c> (no host; the
    /// publisher is <c>Services.GetService(typeof(IHealthEventPublisher))</c>) and a generic host.
    /// </summary>
    /// <param name="builder">The observability builder.</param>
    /// <param name="configure">Health-events settings; environment variables fill what is left unset.</param>
    /// <returns>The builder.</returns>
    public static MatCarvObservabilityBuilder WithHealthEvents(this MatCarvObservabilityBuilder builder, Action<HealthEventsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // MatCarv:HealthEvents when the telemetry is configured from IConfiguration; bound before any code action.
        builder.BindConfiguration<HealthEventsOptions>(HealthEventsConfiguration.SectionKey, HealthEventsConfiguration.Bind);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        builder.AddSignal(static context => HealthEventsSignal.Create(context));
        if (builder.Services is not { } services || services.Any(d => d.ServiceType == typeof(IHealthEventPublisher)))
        {
            return builder;
        }

        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => EventBridgeHttp.CreatePrimaryHandler())
            .AddHttpMessageHandler(static () => new EventBridgeSigningHandler())

            // The SDK's own HTTP calls must not show up as application log lines.
            .RemoveAllLoggers();

        services.TryAddSingleton<IHealthEventPublisher>(static sp => sp.GetRequiredService<HealthEventsSignal>().Publisher);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheckPublisher, HealthCheckEventPublisher>(static sp =>
        {
            var signal = sp.GetRequiredService<HealthEventsSignal>();
            return new HealthCheckEventPublisher(signal.Settings, signal.Publisher);
        }));
        return builder;
    }
}
