using MatCarv.HealthEvents.HealthChecks;
using MatCarv.HealthEvents.Publishing;
using MatCarv.HealthEvents.Transport;
using MatCarv.Observability.Extensibility;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MatCarv.HealthEvents.Hosting;

/// <summary>
/// The health-events signal as MatCarv.Observability sees it (its public <see cref="TelemetrySignal"/> contract only): the
/// queue, the background sender started with the telemetry and flushed with it, and the publisher offered to applications.
/// </summary>
internal sealed class HealthEventsSignal : TelemetrySignal
{
    private readonly object _clientGate = new();
    private HttpClient? _ownedClient;
    private HealthCheckEventPublisher? _healthCheckPublisher;
    private bool _disposed;

    private HealthEventsSignal(HealthEventsSettings settings, IHttpClientFactory? factory)
    {
        Settings = settings;
        Publisher = new HealthEventPublisher(settings);

        // In a host the named client comes from IHttpClientFactory (so applications can configure it); without a container
        // the signal owns one client with the same handler chain for the life of the process. Either is created on the
        // first send, not at start-up (cold start; a fast, clean dispose when nothing was sent).
        Func<HttpClient> createClient = factory is not null
            ? () => factory.CreateClient(Microsoft.Extensions.DependencyInjection.HealthEventsBuilderExtensions.HttpClientName)
            : OwnedClient;
        Sender = new HealthEventSender(
            settings,
            Publisher,
            (signing, endpoint) => new EventBridgeSink(
                createClient,
                endpoint,
                signing,
                settings.Source,
                settings.EventBusName,
                settings.Options.RequestTimeout));
    }

    public override string Name => HealthEventPublisher.Signal;

    public HealthEventsSettings Settings { get; }

    public HealthEventPublisher Publisher { get; }

    public HealthEventSender Sender { get; }

    /// <summary>Builds the signal; a bad setting throws <see cref="Microsoft.Extensions.Options.OptionsValidationException"/> here, at start-up.</summary>
    public static HealthEventsSignal Create(TelemetrySignalContext context) => new(
        new HealthEventsSettings(context.GetOptions<HealthEventsOptions>(), context),
        context.Services?.GetService(typeof(IHttpClientFactory)) as IHttpClientFactory);

    protected override void Start() => Sender.Start();

    protected override ValueTask FlushAsync(CancellationToken cancellationToken) => Sender.FlushAsync(cancellationToken);

    // What MatCarvLambda.Services answers from this signal (there is no container there; in a host the container answers):
    // the publisher, and the health-check publisher a host would register with WithHealthEvents (alone or as the
    // enumerable that GetServices asks for), built on first request.
    protected override object? GetService(Type serviceType)
    {
        if (serviceType == typeof(IHealthEventPublisher))
        {
            return Publisher;
        }

        if (serviceType == typeof(IHealthCheckPublisher))
        {
            return HealthCheckPublisher;
        }

        if (serviceType == typeof(IEnumerable<IHealthCheckPublisher>))
        {
            return new IHealthCheckPublisher[] { HealthCheckPublisher };
        }

        return base.GetService(serviceType);
    }

    private HealthCheckEventPublisher HealthCheckPublisher =>
        LazyInitializer.EnsureInitialized(ref _healthCheckPublisher, () => new HealthCheckEventPublisher(Settings, Publisher));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Sender.Dispose();
            Publisher.Dispose();
            lock (_clientGate)
            {
                _disposed = true;
                _ownedClient?.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>The signal's own client (no container): one for the life of the process, with the factory client's handler chain.</summary>
    private HttpClient OwnedClient()
    {
        lock (_clientGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _ownedClient ??= EventBridgeHttp.CreateClient();
        }
    }
}
