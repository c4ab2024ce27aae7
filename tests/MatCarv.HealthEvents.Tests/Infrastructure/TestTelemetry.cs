using MatCarv.Observability;
using MatCarv.Observability.Extensibility;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatCarv.HealthEvents.Tests.Infrastructure;

/// <summary>
/// The shared telemetry a signal package sees, reached through public API only (as MatCarv.HealthEvents does): the core
/// registered by <c>AddMatCarvLogging</c> (no listeners started), its <see cref="TelemetrySignalContext"/> and drop counts.
/// </summary>
internal sealed class TestTelemetry : IDisposable
{
    private readonly ServiceProvider _provider;

    private TestTelemetry(ServiceProvider provider)
    {
        _provider = provider;
        Context = provider.GetRequiredService<TelemetrySignalContext>();
        Telemetry = provider.GetRequiredService<MatCarvTelemetry>();
    }

    public TelemetrySignalContext Context { get; }

    public MatCarvTelemetry Telemetry { get; }

    public static TestTelemetry Create(Stream? output = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddMatCarvLogging());
        services.Configure<MatCarvObservabilityOptions>(o =>
        {
            o.EnvironmentVariables = TestStack.DefaultEnvironment();
            o.Output = output ?? Stream.Null;
        });
        return new TestTelemetry(services.BuildServiceProvider());
    }

    public long DropCount(string signal, string reason) => Telemetry.GetDiagnostics().GetDropCount(signal, reason);

    public void Dispose() => _provider.Dispose();
}
