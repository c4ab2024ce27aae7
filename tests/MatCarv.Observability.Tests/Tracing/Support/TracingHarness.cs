using System.Diagnostics;
using MatCarv.Observability.Tracing;
using MatCarv.Observability.Tracing.Export;
using Microsoft.Extensions.DependencyInjection;

namespace MatCarv.Observability.Tests.Tracing.Support;

/// <summary>
/// A service-style telemetry pipeline (what <c>AddMatCarvObservability</c> builds) sending to a real UDP collector, with its own
/// uniquely named <see cref="ActivitySource"/> so that concurrently running tests never export each other's spans.
/// </summary>
public sealed class TracingHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public TracingHarness(Dictionary<string, string?>? environment = null, Action<MatCarvTracingOptions>? configure = null, TimeProvider? time = null, Stream? output = null)
    {
        Collector = new UdpCollector();
        SourceName = "Tests.Tracing." + Guid.NewGuid().ToString("N");
        Source = new ActivitySource(SourceName);
        var services = new ServiceCollection();
        services.AddMatCarvObservability(o =>
        {
            o.EnvironmentVariables = environment ?? new Dictionary<string, string?> { ["POWERTOOLS_SERVICE_NAME"] = "orders" };
            o.Output = output ?? Stream.Null;
            if (time is not null)
            {
                o.TimeProvider = time;
            }
        }).WithTracing(o =>
        {
            o.DaemonAddress = Collector.Address;
            o.SamplingRate = 1;
            o.Sources.Add(SourceName);

            // Other tests in this process make HTTP calls; only this test's spans should reach this collector.
            o.TraceHttpClient = false;
            o.TraceAspNetCore = false;
            o.TraceAwsSdk = false;
            configure?.Invoke(o);
        });
        _provider = services.BuildServiceProvider();
        foreach (var startup in _provider.GetServices<ITelemetryStartup>())
        {
            startup.Start();
        }

        Exporter = _provider.GetRequiredService<XRayExporter>();
        Tracer = _provider.GetRequiredService<MatCarvTracer>();
        Telemetry = _provider.GetRequiredService<MatCarvTelemetry>();
    }

    public UdpCollector Collector { get; }

    public string SourceName { get; }

    public ActivitySource Source { get; }

    public IServiceProvider Services => _provider;

    internal XRayExporter Exporter { get; }

    public MatCarvTracer Tracer { get; }

    /// <summary>The public telemetry handle: flush and drop counts as applications see them.</summary>
    public MatCarvTelemetry Telemetry { get; }

    /// <summary>Flushes every signal's pipeline (the X-Ray daemon or OTLP exporter, whichever runs).</summary>
    public async ValueTask FlushAsync()
    {
        foreach (var flusher in _provider.GetServices<ITelemetryFlusher>())
        {
            await flusher.FlushAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Source.Dispose();
        Collector.Dispose();
    }
}
