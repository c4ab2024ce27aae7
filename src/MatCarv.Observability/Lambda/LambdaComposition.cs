using System.Diagnostics;
using MatCarv.Observability.Extensibility;
using MatCarv.Observability.Hosting;
using MatCarv.Observability.Hosting.Configuration;
using MatCarv.Observability.Logging;
using MatCarv.Observability.Metrics;
using MatCarv.Observability.Metrics.Aggregation;
using MatCarv.Observability.Metrics.Api;
using MatCarv.Observability.Metrics.Bridge;
using MatCarv.Observability.Tracing;
using MatCarv.Observability.Tracing.Export;
using MatCarv.Observability.Tracing.Lambda;
using MatCarv.Observability.Tracing.Otlp;
using MatCarv.Observability.Tracing.Propagation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace MatCarv.Observability.Lambda;

/// <summary>
/// The signals of a <see cref="MatCarvLambda"/>, composed by hand: the same objects, in the same order, with the same
/// start-up checks as the registrations a host uses (<c>AddMatCarvObservability</c>), without a service container or the
/// options machinery. A function pays its init on every cold start, and building a container costs a JIT start hundreds of
/// methods (Microsoft.Extensions.DependencyInjection, Options and their generic instantiations, none of them precompiled in
/// the framework); benchmarks/ColdStart measures it. Also the <see cref="IServiceProvider"/> behind
/// <see cref="MatCarvLambda.Services"/>: the SDK's services, then whatever the added signals expose.
/// </summary>
internal sealed class LambdaComposition : IServiceProvider, IDisposable
{
    // Everything disposable, in creation order; disposed in reverse, as a container disposes its singletons.
    private readonly List<IDisposable> _owned = [];
    private readonly Dictionary<Type, object> _services = [];
    private TelemetrySignal[] _signals = [];
    private int _disposed;

    private LambdaComposition()
    {
    }

    public MatCarvTelemetry Telemetry { get; private set; } = null!;

    public ILoggerFactory LoggerFactory { get; private set; } = null!;

    public IMetrics Metrics { get; private set; } = null!;

    public MatCarvTracer Tracer { get; private set; } = null!;

    /// <summary>
    /// Builds and starts the telemetry. User code runs in the order the container-based composition ran it: the signal
    /// configuration (recorded), the shared options, then each signal's options as it is built. A bad setting throws
    /// <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> naming it, after what was built is disposed.
    /// </summary>
    public static LambdaComposition Create(IConfiguration? configuration, Action<MatCarvObservabilityOptions>? configure, Action<MatCarvObservabilityBuilder>? signals)
    {
        // With a configuration, the MatCarv section is bound first (the signals' subsections ahead of every recorded
        // Configure action), then the root after the signals claimed theirs, then code: the host's precedence.
        var source = configuration is null ? null : new MatCarvConfigurationSource(configuration.GetSection(MatCarvObservabilityBuilder.ConfigurationSectionName));
        var builder = new MatCarvObservabilityBuilder(source);
        if (source is not null)
        {
            builder.BindConfiguration<MatCarvLoggerOptions>(SignalConfiguration.Logging, SignalConfiguration.BindLogging);
            builder.BindConfiguration<MatCarvMetricsOptions>(SignalConfiguration.Metrics, SignalConfiguration.BindMetrics);
            builder.BindConfiguration<MatCarvTracingOptions>(SignalConfiguration.Tracing, SignalConfiguration.BindTracing);
        }

        signals?.Invoke(builder);
        var options = new MatCarvObservabilityOptions();
        if (source is not null)
        {
            new SectionBinding<MatCarvObservabilityOptions>(source.Section, (section, o) => CoreConfiguration.Bind(section, o, source)).Configure(options);
        }

        configure?.Invoke(options);
        CoreOptionsValidation.ThrowIfInvalid(options);

        var composition = new LambdaComposition();
        try
        {
            composition.Compose(options, builder);
            return composition;
        }
        catch
        {
            composition.Dispose();
            throw;
        }
    }

    private void Compose(MatCarvObservabilityOptions options, MatCarvObservabilityBuilder builder)
    {
        ISignalOptionsSource optionsSource = builder;
        var runtime = Own(new TelemetryRuntime(options));

        // The start-up checks, in the host's order (logging, metrics, tracing): each settings object throws on a bad setting.
        var logging = new LoggingPipeline(runtime, optionsSource.Get<MatCarvLoggerOptions>());
        var metricsSettings = MetricsSettings.Resolve(optionsSource.Get<MatCarvMetricsOptions>(), runtime);
        MetricsStartupValidation.WarnIfLambdaDropsEmf(metricsSettings, runtime);
        var tracingSettings = new TracingSettings(optionsSource.Get<MatCarvTracingOptions>(), runtime);

        // Metrics (MetricsRegistration).
        var registry = new MetricRegistry(metricsSettings, runtime);
        var bridge = Own(new MeterBridge(registry));
        var sink = Own(MetricsRegistration.CreateSink(metricsSettings, runtime));
        var engine = Own(new MetricsFlushEngine(registry, bridge, sink));
        var metricsFlusher = new MetricsFlusher(engine);

        // Tracing (TracingRegistration): no host propagator to wrap here, so the process's current one. An exporter is built
        // only for the destination in use, the listeners only for an enabled signal: a cold start pays for what it uses (each
        // object is type loads and, under JIT, compiled methods; benchmarks/ColdStart/run.sh --methods counts them). A host
        // builds every exporter and lets Start return early; the outcome is the same.
        var tracer = Own(new MatCarvTracer(tracingSettings));
        var propagator = new XRayPropagator(tracingSettings, DistributedContextPropagator.Current);
        var processState = new TracingProcessState(tracingSettings, propagator);
        var otlp = tracingSettings.Enabled && tracingSettings.OtlpExport is not null
            ? Own(new OtlpExporter(tracingSettings, tracer, processState, tracingSettings.LogGroups))
            : null;
        var xray = tracingSettings.Enabled && tracingSettings.Destination == TraceDestination.XRayDaemon
            ? Own(new XRayExporter(tracingSettings, tracer, processState))
            : null;

        // Signals added by packages (WithHealthEvents…), in the order added; no container, so Services is null.
        var context = new TelemetrySignalContext(runtime, optionsSource, services: null);
        var added = new TelemetrySignal[builder.SignalFactories.Count];
        for (int i = 0; i < added.Length; i++)
        {
            added[i] = Own(builder.SignalFactories[i].Factory(context));
        }

        _signals = added;
        var flushers = new List<ITelemetryFlusher>(3) { metricsFlusher };
        var startups = new List<ITelemetryStartup>(5);
        var loggingStartup = Own(new LoggingStartup(logging));
        startups.Add(loggingStartup);
        startups.Add(bridge);
        if (metricsSettings.Enabled && !metricsSettings.IsLambda)
        {
            startups.Add(Own(new MetricsPeriodicFlush(engine, metricsSettings, runtime)));
        }

        if (otlp is not null)
        {
            flushers.Add(otlp);
            startups.Add(otlp);
        }

        if (xray is not null)
        {
            flushers.Add(xray);
            startups.Add(xray);
        }

        var listeners = new List<IInvocationListener>(3) { new LoggingInvocationListener(logging) };
        if (metricsSettings.Enabled && metricsSettings.CaptureColdStart)
        {
            listeners.Add(new ColdStartMetricListener(engine, metricsSettings));
        }

        if (tracingSettings.Enabled)
        {
            listeners.Add(new TracingInvocationListener(tracingSettings, tracer));
        }

        var flush = new TelemetryFlushCoordinator(flushers, added, runtime);
        Telemetry = new MatCarvTelemetry(runtime, flush, startups, listeners, added, logging);

        // Logging through ILogger: the host's LoggerFactory with the filter the host would compute for this provider
        // (AddLogging's Information default, then LoggerFilterConfiguration's rule; there are no other rules without a host).
        var provider = Own(new MatCarvLoggerProvider(logging));
        var filter = new LoggerFilterOptions { MinLevel = LogLevel.Information };
        filter.Rules.Add(new LoggerFilterRule(MatCarvLoggerProvider.Alias, null, logging.Settings.Floor, null));
        LoggerFactory = Own(new LoggerFactory([provider], filter));
        Metrics = new EmfMetrics(registry, engine);
        Tracer = tracer;

        _services[typeof(MatCarvTelemetry)] = Telemetry;
        _services[typeof(ILoggerFactory)] = LoggerFactory;
        _services[typeof(IMetrics)] = Metrics;
        _services[typeof(MatCarvTracer)] = tracer;
        _services[typeof(DistributedContextPropagator)] = propagator;
        _services[typeof(TelemetrySignalContext)] = context;
        _services[typeof(IServiceProvider)] = this;

        // Internal parts, for the SDK's own tests (as the container exposed them).
        _services[typeof(TelemetryRuntime)] = runtime;
        _services[typeof(LoggingPipeline)] = logging;
        _services[typeof(MetricsSettings)] = metricsSettings;
        _services[typeof(TracingSettings)] = tracingSettings;
        _services[typeof(XRayPropagator)] = propagator;
        if (xray is not null)
        {
            _services[typeof(XRayExporter)] = xray;
        }

        if (otlp is not null)
        {
            _services[typeof(OtlpExporter)] = otlp;
        }

        Telemetry.Start();
    }

    /// <summary>The SDK's services by exact type, then the first added signal that answers (<c>TelemetrySignal.GetService</c>).</summary>
    public object? GetService(Type serviceType)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (_services.TryGetValue(serviceType, out var service))
        {
            return service;
        }

        foreach (var signal in _signals)
        {
            if (signal.GetService(serviceType) is { } answer)
            {
                return answer;
            }
        }

        return null;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }

    private T Own<T>(T item)
        where T : class
    {
        if (item is IDisposable disposable)
        {
            _owned.Add(disposable);
        }

        return item;
    }
}
