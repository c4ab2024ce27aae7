using MatCarv.Observability.Extensibility;
using MatCarv.Observability.Hosting.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.Hosting;

/// <summary>
/// Returned by <c>AddMatCarvObservability</c> and handed to <c>MatCarvLambda.Create</c>: each signal adds a <c>With…</c>
/// extension that configures itself through <see cref="Configure{TOptions}"/> and, for signal packages,
/// <see cref="AddSignal{TSignal}"/>. The same extension works in a host and in a Lambda function without a container.
/// </summary>
public sealed class MatCarvObservabilityBuilder : ISignalOptionsSource
{
    // Without a container (MatCarvLambda.Create): the Configure actions per options type in the order added, the options
    // built from them once, and the added signals' factories in the order added. Nothing here is used in a host.
    private readonly Dictionary<Type, List<Delegate>>? _configureActions;
    private readonly Dictionary<Type, object>? _builtOptions;
    private readonly List<(Type Type, Func<TelemetrySignalContext, TelemetrySignal> Factory)>? _signalFactories;
    private readonly MatCarvConfigurationSource? _configuration;
    /// <summary>The configuration section that <c>AddMatCarvObservability(IConfiguration)</c> and <c>MatCarvLambda.Create(IConfiguration)</c> read.</summary>
    public const string ConfigurationSectionName = "MatCarv";

    internal MatCarvObservabilityBuilder(IServiceCollection services) => Services = services;

    /// <summary>A builder without a container: <c>MatCarvLambda.Create</c> composes the signals from what it records.</summary>
    internal MatCarvObservabilityBuilder(MatCarvConfigurationSource? configuration = null)
    {
        _configuration = configuration;
        _configureActions = [];
        _builtOptions = [];
        _signalFactories = [];
    }

    /// <summary>
    /// The service collection being configured in a host; null in <c>MatCarvLambda.Create</c>, which composes the signals
    /// without a container. Register container-only extras (an <c>IHealthCheckPublisher</c>, a named <c>HttpClient</c>) here.
    /// </summary>
    public IServiceCollection? Services { get; }

    /// <summary>
    /// The <c>MatCarv</c> configuration section when the telemetry is configured from <c>IConfiguration</c>
    /// (<c>AddMatCarvObservability(configuration)</c>, <c>MatCarvLambda.Create(configuration)</c>); otherwise null.
    /// </summary>
    public IConfigurationSection? Configuration => (Services is { } services ? ObservabilityCoreRegistration.FindConfiguration(services) : _configuration)?.Section;

    /// <summary>
    /// Binds the subsection <paramref name="sectionKey"/> of the <c>MatCarv</c> section (for example <c>HealthEvents</c>)
    /// into <typeparamref name="TOptions"/>, before every <see cref="Configure{TOptions}"/> action, so code wins over
    /// configuration. Does nothing when the telemetry is not configured from <c>IConfiguration</c> or the subsection is
    /// already bound. <paramref name="bind"/> calls the configuration binder in the signal's own assembly (with
    /// <c>EnableConfigurationBindingGenerator</c> and <c>ErrorOnUnknownConfiguration</c>, so it stays AOT-safe and a
    /// misspelled key fails); an <see cref="InvalidOperationException"/> from it fails start-up naming the section.
    /// </summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <param name="sectionKey">The subsection's key under <c>MatCarv</c>.</param>
    /// <param name="bind">Binds a section into the options.</param>
    /// <returns>The builder.</returns>
    public MatCarvObservabilityBuilder BindConfiguration<TOptions>(string sectionKey, Action<IConfiguration, TOptions> bind)
        where TOptions : class, new()
    {
        ArgumentException.ThrowIfNullOrEmpty(sectionKey);
        ArgumentNullException.ThrowIfNull(bind);
        if (Services is { } services)
        {
            if (ObservabilityCoreRegistration.FindConfiguration(services) is { } source)
            {
                ObservabilityCoreRegistration.BindSection(services, source, sectionKey, bind);
            }

            return this;
        }

        if (_configuration is { } own && own.Claim(sectionKey))
        {
            // First in the recorded actions, so every Configure action (code) runs after it and wins.
            var binding = new SectionBinding<TOptions>(own.Section.GetSection(sectionKey), bind);
            var actions = _configureActions!;
            lock (actions)
            {
                if (!actions.TryGetValue(typeof(TOptions), out var list))
                {
                    actions[typeof(TOptions)] = list = [];
                }

                list.Insert(0, new Action<TOptions>(binding.Configure));
            }
        }

        return this;
    }

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
        if (Services is { } services)
        {
            services.Configure(configure);
            return this;
        }

        var actions = _configureActions!;
        lock (actions)
        {
            if (!actions.TryGetValue(typeof(TOptions), out var list))
            {
                actions[typeof(TOptions)] = list = [];
            }

            list.Add(configure);
        }

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
        if (Services is not { } services)
        {
            foreach (var (type, _) in _signalFactories!)
            {
                if (type == typeof(TSignal))
                {
                    return this;
                }
            }

            _signalFactories.Add((typeof(TSignal), context => factory(context)));
            return this;
        }

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

    /// <summary>The added signals' factories in the order added (container-less builder only).</summary>
    internal IReadOnlyList<(Type Type, Func<TelemetrySignalContext, TelemetrySignal> Factory)> SignalFactories =>
        _signalFactories ?? throw new InvalidOperationException("A builder with a service collection registers its signals there.");

    /// <summary>
    /// The options without a container: a new <typeparamref name="TOptions"/> with every <see cref="Configure{TOptions}"/>
    /// action applied in order, built once and then shared (as <c>IOptions&lt;T&gt;.Value</c> is in a host).
    /// </summary>
    TOptions ISignalOptionsSource.Get<TOptions>()
    {
        var built = _builtOptions ?? throw new InvalidOperationException("A builder with a service collection reads options from the container.");
        lock (built)
        {
            if (built.TryGetValue(typeof(TOptions), out var existing))
            {
                return (TOptions)existing;
            }

            var options = new TOptions();
            if (_configureActions!.TryGetValue(typeof(TOptions), out var actions))
            {
                foreach (var action in actions)
                {
                    ((Action<TOptions>)action)(options);
                }
            }

            built[typeof(TOptions)] = options;
            return options;
        }
    }
}
