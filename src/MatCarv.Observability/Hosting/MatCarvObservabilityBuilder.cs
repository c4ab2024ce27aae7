using MatCarv.Observability.Extensibility;
using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.Hosting;

/// <summary>
/// Returned by <c>AddMatCarvObservability</c> and handed to <c>MatCarvLambda.Create</c>: each signal adds a <c>With…</c>
/// extension that configures itself through <see cref="Configure{TOptions}"/> and, for signal packages,
/// <see cref="AddSignal{TSignal}"/>. The same extension works in a host and in a Lambda function without a container.
/// </summary>
public sealed class MatCarvObservabilityBuilder
{
    internal MatCarvObservabilityBuilder(IServiceCollection services) => Services = services;

    /// <summary>
    /// The service collection being configured in a host; null in <c>MatCarvLambda.Create</c>, which composes the signals
    /// without a container. Register container-only extras (an <c>IHealthCheckPublisher</c>, a named <c>HttpClient</c>) here.
    /// </summary>
    public IServiceCollection? Services { get; }

    /// <summary>
    /// Adds a configuration action for a signal's options. Actions run in the order added, after the <c>MatCarv</c>
    /// configuration section is bound, so code wins over configuration; a signal reads the result with
    /// <see cref="TelemetrySignalContext.GetOptions{TOptions}"/> (in a host this is <c>services.Configure</c>).
    /// </summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="configure">The action.</param>
    /// <returns>The builder.</returns>
    public MatCarvObservabilityBuilder Configure<TOptions>(Action<TOptions> configure)
        where TOptions : class, new()
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services!.Configure(configure);
        return this;
    }

    /// <summary>
    /// Adds a signal built by <paramref name="factory"/> once per telemetry instance, after the built-in signals. Adding the
    /// same <typeparamref name="TSignal"/> again does nothing, so a <c>With…</c> extension may be called more than once. The
    /// factory runs at start-up (an exception there fails start-up: use it for configuration errors, naming the setting).
    /// In a host the signal is also registered as a singleton <typeparamref name="TSignal"/>.
    /// </summary>
    /// <typeparam name="TSignal">The signal type.</typeparam>
    /// <param name="factory">Builds the signal from the shared context.</param>
    /// <returns>The builder.</returns>
    public MatCarvObservabilityBuilder AddSignal<TSignal>(Func<TelemetrySignalContext, TSignal> factory)
        where TSignal : TelemetrySignal
    {
        ArgumentNullException.ThrowIfNull(factory);
        var services = Services!;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(TSignal))
            {
                return this;
            }
        }

        services.AddSingleton(sp => factory(sp.GetRequiredService<TelemetrySignalContext>()));
        services.AddSingleton<TelemetrySignal>(static sp => sp.GetRequiredService<TSignal>());
        return this;
    }
}
