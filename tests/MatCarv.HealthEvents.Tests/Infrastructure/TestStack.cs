using Amazon.Runtime;
using MatCarv.HealthEvents.Hosting;
using MatCarv.HealthEvents.Publishing;
using MatCarv.Observability.Lambda;
using MatCarv.Observability.Tests.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.HealthEvents.Tests.Infrastructure;

/// <summary>The real SDK as a Lambda function builds it (<c>MatCarvLambda.Create</c> + <c>WithHealthEvents</c>), pointed at a fake endpoint.</summary>
internal sealed class TestStack : IAsyncDisposable
{
    private TestStack(MatCarvLambda lambda, CaptureStream output)
    {
        Lambda = lambda;
        Output = output;
    }

    public MatCarvLambda Lambda { get; }

    public CaptureStream Output { get; }

    public IHealthEventPublisher Publisher => Lambda.Services.GetRequiredService<IHealthEventPublisher>();

    internal HealthEventsSignal Signal => (HealthEventsSignal)Lambda.Services.GetService(typeof(HealthEventsSignal))!;

    internal HealthEventPublisher Queue => Signal.Publisher;

    internal HealthEventSender Sender => Signal.Sender;

    /// <summary>A drop count through public API (the <c>matcarv.telemetry.dropped</c> snapshot).</summary>
    public long DropCount(string signal, string? reason = null) => Lambda.GetDiagnostics().GetDropCount(signal, reason);

    public static Dictionary<string, string?> DefaultEnvironment() => new()
    {
        ["POWERTOOLS_SERVICE_NAME"] = "orders",
        ["MATCARV_ENVIRONMENT"] = "test",
        ["MATCARV_SERVICE_VERSION"] = "1.2.3",
        ["HOSTNAME"] = "orders-7f9c",
    };

    /// <summary>Options for sending to <paramref name="server"/> with the known test credentials and millisecond backoffs.</summary>
    public static Action<HealthEventsOptions> ForServer(FakeEventBridge server, Action<HealthEventsOptions>? more = null) => o =>
    {
        o.ServiceUrl = server.Url;
        o.Region = FakeEventBridge.Region;
        o.Credentials = new SessionAWSCredentials(FakeEventBridge.AccessKey, FakeEventBridge.SecretKey, FakeEventBridge.SessionToken);
        o.Source = "com.acme.health";
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        o.ThrottlingRetryBaseDelay = TimeSpan.FromMilliseconds(1);
        o.MaxRetryDelay = TimeSpan.FromMilliseconds(10);
        o.FlushTimeout = TimeSpan.FromSeconds(10); // tests flush with their own deadline and then assert delivery
        more?.Invoke(o);
    };

    public static TestStack Create(Action<HealthEventsOptions>? configure, Dictionary<string, string?>? environment = null, TimeProvider? time = null, TimeSpan? shutdownFlushTimeout = null)
    {
        var output = new CaptureStream();
        var lambda = MatCarvLambda.Create(
            o =>
            {
                o.EnvironmentVariables = environment ?? DefaultEnvironment();
                o.Output = output;
                o.OutputFlushInterval = TimeSpan.FromMilliseconds(20);

                // Disposal flushes first (as in production); tests that leave an endpoint stalled should not wait 5 s for it.
                o.ShutdownFlushTimeout = shutdownFlushTimeout ?? TimeSpan.FromSeconds(1);
                if (time is not null)
                {
                    o.TimeProvider = time;
                }
            },
            b => b.WithHealthEvents(configure));
        return new TestStack(lambda, output);
    }

    public async ValueTask DisposeAsync() => await Lambda.DisposeAsync();
}
