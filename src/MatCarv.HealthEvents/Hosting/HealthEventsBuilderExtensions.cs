using MatCarv.HealthEvents;
using MatCarv.HealthEvents.HealthChecks;
using MatCarv.HealthEvents.Hosting;
using MatCarv.HealthEvents.Publishing;
using MatCarv.HealthEvents.Transport;
using MatCarv.Observability;
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
    /// every Lambda invocation and at graceful shutdown) and an <see cref="IHealthCheckPublisher"/> that turns ASP.NET Core
    /// health-check reports into status-change events. Works with <c>MatCarvLambda.Create</c> (no host) and a generic host.
    /// </summary>
    /// <param name="builder">The observability builder.</param>
    /// <param name="configure">Health-events settings; environment variables fill what is left unset.</param>
    /// <returns>The builder.</returns>
    public static MatCarvObservabilityBuilder WithHealthEvents(this MatCarvObservabilityBuilder builder, Action<HealthEventsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<HealthEventsOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(HealthEventsSettings)))
        {
            return builder;
        }

        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler
            {
                // The signer needs the request as sent; a redirect would go out unsigned or signed for another host.
                AllowAutoRedirect = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddHttpMessageHandler(static () => new EventBridgeSigningHandler())

            // The SDK's own HTTP calls must not show up as application log lines.
            .RemoveAllLoggers();

        services.TryAddSingleton<HealthEventsSettings>();
        services.TryAddSingleton<HealthEventPublisher>();
        services.TryAddSingleton<IHealthEventPublisher>(static sp => sp.GetRequiredService<HealthEventPublisher>());
        services.TryAddSingleton(static sp =>
        {
            var settings = sp.GetRequiredService<HealthEventsSettings>();
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            return new HealthEventSender(
                settings,
                sp.GetRequiredService<HealthEventPublisher>(),
                (signing, endpoint) => new EventBridgeSink(() => factory.CreateClient(HttpClientName), endpoint, signing, settings.Source, settings.EventBusName, settings.Options.RequestTimeout));
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITelemetryStartup, HealthEventSender>(static sp => sp.GetRequiredService<HealthEventSender>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITelemetryFlusher, HealthEventSender>(static sp => sp.GetRequiredService<HealthEventSender>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupValidation, HealthEventsStartupValidation>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheckPublisher, HealthCheckEventPublisher>());
        return builder;
    }
}
